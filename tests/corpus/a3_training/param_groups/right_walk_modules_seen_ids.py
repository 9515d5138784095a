"""Right: builds each group by walking the submodule's modules() and taking each one's own parameters (recurse=False) with a seen-set of ids, sorted back into named_parameters() order; the overlap test compares the names' dotted parts."""


def per_layer_groups(model: nn.Module, overrides: dict[str, dict]) -> list[dict]:
    modules = dict(model.named_modules())
    unknown = [name for name in overrides if name not in modules]
    if unknown:
        raise KeyError(unknown[0])
    names = list(overrides)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            pa, pb = a.split("."), b.split(".")
            shorter = min(len(pa), len(pb))
            if a and b and pa[:shorter] == pb[:shorter]:
                raise ValueError(f"{a!r} and {b!r} overlap")
            if not a or not b:
                raise ValueError("the model itself holds every other override")
    order = {id(p): i for i, p in enumerate(model.parameters())}
    seen = set()
    groups = []
    for name in names:
        params = []
        for module in modules[name].modules():
            for p in module.parameters(recurse=False):
                if id(p) not in seen:
                    seen.add(id(p))
                    params.append(p)
        params.sort(key=lambda p: order[id(p)])
        groups.append({"params": params, **overrides[name]})
    groups.append({"params": [p for p in model.parameters() if id(p) not in seen]})
    return groups
