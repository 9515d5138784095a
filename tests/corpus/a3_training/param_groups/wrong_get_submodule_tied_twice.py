"""Wrong (with tied weights): looks each name up with model.get_submodule and gives each override all of its submodule's parameters, so a weight that fc1 and fc10 share lands in both their groups (torch.optim refuses that)."""

CAUGHT_BY = ["every_parameter_in_exactly_one_group", "an_optimizer_steps_each_layer_with_its_own_lr"]


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
