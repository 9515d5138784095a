"""Right: one pass over named_parameters() per override by name prefix name + ".", the rest group built from a set of ids, overlaps found on the dotted path."""


def per_layer_groups(model: nn.Module, overrides: dict[str, dict]) -> list[dict]:
    known = {name for name, _ in model.named_modules()}
    missing = [name for name in overrides if name not in known]
    if missing:
        raise KeyError(missing[0])
    names = list(overrides)
    for a in names:
        for b in names:
            if a != b and b.split(".")[: len(a.split("."))] == a.split("."):
                raise ValueError(f"{b} is inside {a}")
    named = list(model.named_parameters())
    groups, grouped = [], set()
    for name, hyper in overrides.items():
        mine = [p for n, p in named if n.startswith(name + ".") and id(p) not in grouped]
        grouped |= {id(p) for p in mine}
        group = dict(hyper)
        group["params"] = mine
        groups.append(group)
    groups.append({"params": [p for _, p in named if id(p) not in grouped]})
    return groups
