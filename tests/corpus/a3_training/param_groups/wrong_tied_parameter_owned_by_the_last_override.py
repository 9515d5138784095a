"""Wrong: an owner dict maps id(p) to the override that holds it, filled in the order of overrides so a later name overwrites an earlier one: a parameter tied between two overridden modules lands in the second group only (the contract: the first)."""

CAUGHT_BY = ["one_group_per_override_in_order", "an_optimizer_steps_each_layer_with_its_own_lr"]
HINTS = {"one_group_per_override_in_order": "tied"}


def per_layer_groups(model: nn.Module, overrides: dict[str, dict]) -> list[dict]:
    modules = dict(model.named_modules())
    for name in overrides:
        if name not in modules:
            raise KeyError(f"{name!r} is not a submodule of the model")
    for outer in overrides:
        for inner in overrides:
            if outer != inner and inner.startswith(outer + "."):
                raise ValueError(f"{inner!r} is inside {outer!r}: a parameter would be in two groups")
    owner = {}
    for name in overrides:
        for p in modules[name].parameters():
            owner[id(p)] = name
    groups = [
        {"params": [p for p in modules[name].parameters() if owner[id(p)] == name], **hyperparameters}
        for name, hyperparameters in overrides.items()
    ]
    groups.append({"params": [p for p in model.parameters() if id(p) not in owner]})
    return groups
