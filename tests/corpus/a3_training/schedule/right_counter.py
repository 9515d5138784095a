"""Right: lr_at_epoch counts milestones with collections.Counter, one decay per repetition, and multiplies gamma in a loop."""

from collections import Counter


def lr_at_epoch(base_lr: float, milestones, gamma: float, epoch: int) -> float:
    lr = float(base_lr)
    for milestone, times in Counter(milestones).items():
        if milestone <= epoch:
            lr *= gamma**times
    return lr
