"""Wrong: lr_at_epoch returns a numpy.float32 (not a Python float, and rounded to single precision)."""

import numpy as np

CAUGHT_BY = ["lr_at_epoch_matches_multisteplr"]


def lr_at_epoch(base_lr: float, milestones, gamma: float, epoch: int) -> float:
    reached = int((np.asarray(list(milestones), dtype=np.int64) <= epoch).sum())
    return np.float32(base_lr) * np.float32(gamma) ** reached
