"""Wrong (the contract: names as named_modules() spells them): the table of names is built by a hand-written walk that descends into the model's attributes and into nn.Sequential and nn.ModuleList, but not nn.ModuleDict, so "blocks.a" is reported unknown (KeyError)."""

CAUGHT_BY = ['one_group_per_override_in_order', 'every_parameter_in_exactly_one_group', 'hyperparameters_are_carried']


def _walk(module, prefix, table):
    table[prefix] = module
    if prefix and not isinstance(module, (nn.Sequential, nn.ModuleList)):
        return  # a layer: nothing inside to name
    for name, child in module.named_children():
        _walk(child, f"{prefix}.{name}" if prefix else name, table)


def per_layer_groups(model: nn.Module, overrides: dict[str, dict]) -> list[dict]:
    modules = {}
    _walk(model, "", modules)
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
    groups.append({"params": [p for p in model.parameters() if id(p) not in taken]})
    return groups
