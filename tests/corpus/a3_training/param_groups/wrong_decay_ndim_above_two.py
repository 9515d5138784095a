"""Wrong: only parameters with ndim > 2 are decayed, so Linear weights (2-D) are not."""

CAUGHT_BY = ['decay_groups_split_by_ndim']


def decay_groups(model: nn.Module, weight_decay: float) -> list[dict]:
    params = list(model.parameters())
    return [
        {"params": [p for p in params if p.ndim > 2], "weight_decay": weight_decay},
        {"params": [p for p in params if p.ndim <= 2], "weight_decay": 0.0},
    ]
