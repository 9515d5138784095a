"""Wrong (the contract: every parameter, frozen ones too, lands in exactly one group): only parameters with requires_grad are grouped, so a frozen layer's parameters are in no group (and unfreezing it later would leave it out of the optimizer)."""

CAUGHT_BY = ['every_parameter_in_exactly_one_group', 'one_group_per_override_in_order']


def per_layer_groups(model: nn.Module, overrides: dict[str, dict]) -> list[dict]:
    modules = dict(model.named_modules())
    for name in overrides:
        if name not in modules:
            raise KeyError(f"{name!r} is not a submodule of the model")
    for outer in overrides:
        for inner in overrides:
            if outer != inner and inner.startswith(outer + "."):
                raise ValueError(f"{inner!r} is inside {outer!r}: a parameter would be in two groups")
    groups, taken = [], set()
    for name, hyperparameters in overrides.items():
        params = [p for p in modules[name].parameters() if p.requires_grad and id(p) not in taken]
        taken.update(id(p) for p in params)
        groups.append({"params": params, **hyperparameters})
    groups.append({"params": [p for p in model.parameters() if p.requires_grad and id(p) not in taken]})
    return groups
