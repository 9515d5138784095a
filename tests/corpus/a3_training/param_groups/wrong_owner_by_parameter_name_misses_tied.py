"""Wrong (with tied weights): buckets every parameter by the owner in its name from named_parameters(), which lists a shared parameter once, under its first owner; an override of the other module (fc10, whose weight is fc1's) loses it to the rest group."""

CAUGHT_BY = ['one_group_per_override_in_order', 'sibling_names_sharing_a_prefix_are_kept_apart']



def per_layer_groups(model: nn.Module, overrides: dict[str, dict]) -> list[dict]:
    modules = dict(model.named_modules())
    for name in overrides:
        if name not in modules:
            raise KeyError(name)
        parts = name.split(".")
        for i in range(1, len(parts)):
            if ".".join(parts[:i]) in overrides:
                raise ValueError(f"{name!r} is inside {'.'.join(parts[:i])!r}")
    order = list(overrides)
    buckets = [[] for _ in range(len(order) + 1)]
    for full, p in model.named_parameters():
        parts = full.split(".")[:-1]
        index = len(order)
        for i in range(len(parts), 0, -1):
            owner = ".".join(parts[:i])
            if owner in overrides:
                index = order.index(owner)
                break
        buckets[index].append(p)
    return [{"params": buckets[i], **overrides[name]} for i, name in enumerate(order)] + [{"params": buckets[-1]}]
