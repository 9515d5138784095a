"""Wrong: overlap is only looked for with the outer module first in overrides, so {'features.3': ..., 'features': ...} is accepted."""

CAUGHT_BY = ['overlapping_names_raise_value_error']


def per_layer_groups(model: nn.Module, overrides: dict[str, dict]) -> list[dict]:
    modules = dict(model.named_modules())
    for name in overrides:
        if name not in modules:
            raise KeyError(f"{name!r} is not a submodule of the model")
    names = list(overrides)
    for i, outer in enumerate(names):
        for inner in names[i + 1 :]:
            if outer != inner and inner.startswith(outer + "."):
                raise ValueError(f"{inner!r} is inside {outer!r}")
    groups, taken = [], set()
    for name, hyperparameters in overrides.items():
        params = list(modules[name].parameters())
        taken.update(id(p) for p in params)
        groups.append({"params": params, **hyperparameters})
    groups.append({"params": [p for p in model.parameters() if id(p) not in taken]})
    return groups
