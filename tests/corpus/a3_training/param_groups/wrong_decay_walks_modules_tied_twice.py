"""Wrong (the contract: each parameter once, whatever module holds it): decay_groups walks model.modules() and takes each module's own parameters, so a weight tied between fc1 and fc10 is taken once per module that holds it, and lands twice in the decay group."""

CAUGHT_BY = ['decay_groups_split_by_ndim']


def decay_groups(model: nn.Module, weight_decay: float) -> list[dict]:
    decay, no_decay = [], []
    for module in model.modules():
        for p in module.parameters(recurse=False):
            (decay if p.ndim >= 2 else no_decay).append(p)
    return [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}]
