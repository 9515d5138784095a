"""Wrong: lr_at_epoch bisects the milestones as given, which is only right when they are sorted."""

import bisect

CAUGHT_BY = ["lr_at_epoch_matches_multisteplr"]


def lr_at_epoch(base_lr: float, milestones, gamma: float, epoch: int) -> float:
    return base_lr * gamma ** bisect.bisect_right(list(milestones), epoch)
