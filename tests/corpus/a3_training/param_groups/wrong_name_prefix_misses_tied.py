"""Wrong (with tied weights): takes an override's parameters by the prefix name + "." in named_parameters(), which names a shared parameter after its first owner only: fc10's tied weight is not in fc10's group."""

CAUGHT_BY = ['one_group_per_override_in_order', 'sibling_names_sharing_a_prefix_are_kept_apart']



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
