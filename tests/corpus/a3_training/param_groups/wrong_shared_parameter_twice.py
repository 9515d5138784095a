"""Wrong (the contract: a shared parameter lands in one group, once): each override takes all of its submodule's parameters, so with weights tied between fc1 and fc10 and both overridden, the shared weight is in two groups and torch.optim.SGD refuses the groups."""

CAUGHT_BY = ['every_parameter_in_exactly_one_group', 'an_optimizer_steps_each_layer_with_its_own_lr']


def per_layer_groups(model: nn.Module, overrides: dict[str, dict]) -> list[dict]:
    modules = dict(model.named_modules())
    for name in overrides:
        if name not in modules:
            raise KeyError(f"{name!r} is not a submodule of the model")
    for outer in overrides:
        for inner in overrides:
            if outer != inner and inner.startswith(outer + "."):
                raise ValueError(f"{inner!r} is inside {outer!r}: a parameter would be in two groups")
    groups = [{"params": list(modules[name].parameters()), **hyperparameters} for name, hyperparameters in overrides.items()]
    taken = {id(p) for group in groups for p in group["params"]}
    groups.append({"params": [p for p in model.parameters() if id(p) not in taken]})
    return groups
