"""Right: looks each name up with model.get_submodule, translating its AttributeError into KeyError; groups hold generators (the optimizer lists them)."""


def per_layer_groups(model: nn.Module, overrides: dict[str, dict]) -> list[dict]:
    submodules = {}
    for name in overrides:
        try:
            submodules[name] = model.get_submodule(name)
        except AttributeError as error:
            raise KeyError(name) from error
    for a in overrides:
        if any(b.startswith(a + ".") for b in overrides if b != a):
            raise ValueError(f"an override is inside {a!r}")
    taken = {id(p) for module in submodules.values() for p in module.parameters()}
    groups = [{"params": submodules[name].parameters(), **hyper} for name, hyper in overrides.items()]
    return groups + [{"params": (p for p in model.parameters() if id(p) not in taken)}]
