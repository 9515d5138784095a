"""Wrong (the contract: nothing the caller owns changes): each group is the caller's own inner dict, group = overrides[name], with group["params"] set in it, so the overrides dict comes back with a "params" key in every entry."""

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
    for name in overrides:
        group = overrides[name]
        group["params"] = [p for p in modules[name].parameters() if id(p) not in taken]
        taken.update(id(p) for p in group["params"])
        groups.append(group)
    groups.append({"params": [p for p in model.parameters() if id(p) not in taken]})
    return groups
