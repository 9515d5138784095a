"""Wrong: a group's params is the generator modules[name].parameters(), which collecting the ids then consumes, so the group ends up empty."""

CAUGHT_BY = ['one_group_per_override_in_order', 'every_parameter_in_exactly_one_group', 'sibling_names_sharing_a_prefix_are_kept_apart', 'an_optimizer_steps_each_layer_with_its_own_lr']


def per_layer_groups(model: nn.Module, overrides: dict[str, dict]) -> list[dict]:
    modules = dict(model.named_modules())
    for name in overrides:
        if name not in modules:
            raise KeyError(f"{name!r} is not a submodule of the model")
    for outer in overrides:
        for inner in overrides:
            if outer != inner and inner.startswith(outer + "."):
                raise ValueError(f"{inner!r} is inside {outer!r}")
    groups, taken = [], set()
    for name, hyperparameters in overrides.items():
        params = modules[name].parameters()
        taken.update(id(p) for p in params)
        groups.append({"params": params, **hyperparameters})
    groups.append({"params": [p for p in model.parameters() if id(p) not in taken]})
    return groups
