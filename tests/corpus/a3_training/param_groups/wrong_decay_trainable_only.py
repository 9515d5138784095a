"""Wrong (the contract: every parameter with ndim >= 2 / every other parameter, frozen ones too): decay_groups keeps only the parameters that require grad, so a frozen layer's weight and bias are in neither group."""

CAUGHT_BY = ['decay_groups_split_by_ndim']


def decay_groups(model: nn.Module, weight_decay: float) -> list[dict]:
    trainable = [p for p in model.parameters() if p.requires_grad]
    return [
        {"params": [p for p in trainable if p.ndim >= 2], "weight_decay": weight_decay},
        {"params": [p for p in trainable if p.ndim < 2], "weight_decay": 0.0},
    ]
