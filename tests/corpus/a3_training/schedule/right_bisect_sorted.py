"""Right: lr_at_epoch bisects a sorted copy of the milestones (bisect_right counts every m <= epoch, repetitions included)."""

import bisect


def lr_at_epoch(base_lr: float, milestones, gamma: float, epoch: int) -> float:
    return base_lr * gamma ** bisect.bisect_right(sorted(milestones), epoch)
