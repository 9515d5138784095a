"""Wrong (the contract: nothing the caller owns changes): decay_groups calls model.requires_grad_(True) first, to make sure every parameter will be trained, which unfreezes the caller's frozen layer."""

CAUGHT_BY = ['decay_groups_split_by_ndim']


def decay_groups(model: nn.Module, weight_decay: float) -> list[dict]:
    model.requires_grad_(True)
    params = list(model.parameters())
    return [
        {"params": [p for p in params if p.ndim >= 2], "weight_decay": weight_decay},
        {"params": [p for p in params if p.ndim < 2], "weight_decay": 0.0},
    ]
