"""Wrong (the contract: nothing the caller owns changes): the overrides dict is used as a work list, each name popped from it once its group is built, so the caller's dict is empty afterwards."""

CAUGHT_BY = ['one_group_per_override_in_order', 'every_parameter_in_exactly_one_group', 'hyperparameters_are_carried']


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
    while overrides:
        name = next(iter(overrides))
        hyperparameters = overrides.pop(name)
        params = [p for p in modules[name].parameters() if id(p) not in taken]
        taken.update(id(p) for p in params)
        groups.append({"params": params, **hyperparameters})
    groups.append({"params": [p for p in model.parameters() if id(p) not in taken]})
    return groups
