"""Wrong (the contract: every parameter lands in a group): the last group collects the parameters of every named submodule, skipping the model itself (name ""), so a raw nn.Parameter attribute of the model is in no group."""

CAUGHT_BY = ['every_parameter_in_exactly_one_group']


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
    rest = []
    for name, module in modules.items():
        if not name:
            continue  # the model itself is not a layer
        for p in module.parameters(recurse=False):
            if id(p) not in taken:
                taken.add(id(p))
                rest.append(p)
    groups.append({"params": rest})
    return groups
