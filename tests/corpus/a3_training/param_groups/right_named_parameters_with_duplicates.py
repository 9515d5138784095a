"""Right: an override's parameters are found among model.named_parameters(remove_duplicate=False) by the prefix name + ".", which lists a tied weight under every name it has, and each is kept once by id; decay_groups builds its two lists in one loop."""


def per_layer_groups(model: nn.Module, overrides: dict[str, dict]) -> list[dict]:
    known = {name for name, _ in model.named_modules()}
    for name in overrides:
        if name not in known:
            raise KeyError(name)
    for a in overrides:
        for b in overrides:
            if a != b and (b.startswith(a + ".") or a == ""):
                raise ValueError(f"{b!r} is inside {a!r}")
    every = list(model.named_parameters(remove_duplicate=False))
    grouped, groups = set(), []
    for name, hyper in overrides.items():
        params = []
        for full, p in every:
            if (name == "" or full.startswith(name + ".")) and id(p) not in grouped:
                grouped.add(id(p))
                params.append(p)
        groups.append({**hyper, "params": params})
    groups.append({"params": [p for p in model.parameters() if id(p) not in grouped]})
    return groups


def decay_groups(model: nn.Module, weight_decay: float) -> list[dict]:
    matrices, vectors = [], []
    for p in model.parameters():
        if p.dim() > 1:
            matrices.append(p)
        else:
            vectors.append(p)
    return [dict(params=matrices, weight_decay=weight_decay), dict(params=vectors, weight_decay=0.0)]
