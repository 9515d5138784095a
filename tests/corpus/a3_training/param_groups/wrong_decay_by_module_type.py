"""Wrong (the contract: the rule is the parameter's ndim, whatever module holds it): only the weights of nn.Linear and nn.Conv2d modules are decayed, so an nn.Embedding's 2-D weight falls among the parameters without decay."""

CAUGHT_BY = ['decay_groups_split_by_ndim']


def decay_groups(model: nn.Module, weight_decay: float) -> list[dict]:
    decayed = set()
    for module in model.modules():
        if isinstance(module, (nn.Linear, nn.Conv2d)):
            decayed.add(id(module.weight))
    params = list(model.parameters())
    return [
        {"params": [p for p in params if id(p) in decayed], "weight_decay": weight_decay},
        {"params": [p for p in params if id(p) not in decayed], "weight_decay": 0.0},
    ]
