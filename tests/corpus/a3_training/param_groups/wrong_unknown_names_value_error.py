"""Wrong: an unknown name raises ValueError instead of KeyError."""

CAUGHT_BY = ['unknown_names_raise_key_error']


def per_layer_groups(model: nn.Module, overrides: dict[str, dict]) -> list[dict]:
    modules = dict(model.named_modules())
    for name in overrides:
        if name not in modules:
            raise ValueError(f"{name!r} is not a submodule of the model")
    for outer in overrides:
        for inner in overrides:
            if outer != inner and inner.startswith(outer + "."):
                raise ValueError(f"{inner!r} is inside {outer!r}")
    groups, taken = [], set()
    for name, hyperparameters in overrides.items():
        params = list(modules[name].parameters())
        taken.update(id(p) for p in params)
        groups.append({"params": params, **hyperparameters})
    groups.append({"params": [p for p in model.parameters() if id(p) not in taken]})
    return groups
