"""Wrong: lr_at_epoch counts only milestones m < epoch, so the decay arrives one epoch late."""

CAUGHT_BY = ["lr_at_epoch_matches_multisteplr"]


def lr_at_epoch(base_lr: float, milestones, gamma: float, epoch: int) -> float:
    return base_lr * gamma ** sum(1 for m in milestones if m < epoch)
