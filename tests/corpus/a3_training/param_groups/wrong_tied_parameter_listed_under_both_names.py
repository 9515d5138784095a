"""Wrong: each override's group is read from model.named_parameters(remove_duplicate=False) by name prefix, so a parameter tied between two overridden modules is listed under both names and lands in both groups."""

CAUGHT_BY = ["every_parameter_in_exactly_one_group"]


def per_layer_groups(model: nn.Module, overrides: dict[str, dict]) -> list[dict]:
    modules = dict(model.named_modules())
    for name in overrides:
        if name not in modules:
            raise KeyError(f"{name!r} is not a submodule of the model")
    for outer in overrides:
        for inner in overrides:
            if outer != inner and inner.startswith(outer + "."):
                raise ValueError(f"{inner!r} is inside {outer!r}: a parameter would be in two groups")
    named = list(model.named_parameters(remove_duplicate=False))
    groups, taken = [], set()
    for name, hyperparameters in overrides.items():
        prefix = name + "." if name else ""
        params = [p for n, p in named if n.startswith(prefix)]
        taken.update(id(p) for p in params)
        groups.append({"params": params, **hyperparameters})
    groups.append({"params": [p for p in model.parameters() if id(p) not in taken]})
    return groups
