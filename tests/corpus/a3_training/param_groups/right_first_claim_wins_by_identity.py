"""Right: a dict from id(p) to the index of the first group that claims p (setdefault), then each group lists the parameters it owns in named_parameters() order; frozen and tied parameters included."""


def per_layer_groups(model: nn.Module, overrides: dict[str, dict]) -> list[dict]:
    modules = dict(model.named_modules())
    for name in overrides:
        if name not in modules:
            raise KeyError(f"{name!r} is not a submodule of the model")
    for outer in overrides:
        for inner in overrides:
            if outer != inner and (not outer or inner.startswith(outer + ".")):  # "" holds all
                raise ValueError(f"{inner!r} is inside {outer!r}: a parameter would be in two groups")
    owner = {}
    for index, name in enumerate(overrides):
        for p in modules[name].parameters():
            owner.setdefault(id(p), index)
    groups = [{"params": [], **hyperparameters} for hyperparameters in overrides.values()]
    rest = {"params": []}
    for p in model.parameters():
        (groups[owner[id(p)]] if id(p) in owner else rest)["params"].append(p)
    return groups + [rest]
