"""Wrong: the last group keeps only parameters with requires_grad ("the optimizer has nothing to do with frozen ones"), so a frozen parameter outside the overrides is in no group at all."""

CAUGHT_BY = ["every_parameter_in_exactly_one_group"]
HINTS = {"every_parameter_in_exactly_one_group": "frozen"}
PASSES = ["sibling_names_sharing_a_prefix_are_kept_apart"]


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
        params = [p for p in modules[name].parameters() if id(p) not in taken]
        taken.update(id(p) for p in params)
        groups.append({"params": params, **hyperparameters})
    groups.append({"params": [p for p in model.parameters() if p.requires_grad and id(p) not in taken]})
    return groups
