"""Wrong (the contract: the rule is the parameter's ndim, whatever module holds it): splits by ndim but, as some transformer recipes do, keeps nn.Embedding weights out of weight decay, though they have two dimensions."""

CAUGHT_BY = ['decay_groups_split_by_ndim']


def decay_groups(model: nn.Module, weight_decay: float) -> list[dict]:
    embeddings = {id(m.weight) for m in model.modules() if isinstance(m, nn.Embedding)}
    params = list(model.parameters())
    return [
        {"params": [p for p in params if p.ndim >= 2 and id(p) not in embeddings], "weight_decay": weight_decay},
        {"params": [p for p in params if p.ndim < 2 or id(p) in embeddings], "weight_decay": 0.0},
    ]
