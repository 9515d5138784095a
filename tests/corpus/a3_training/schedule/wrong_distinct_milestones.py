"""Wrong: lr_at_epoch counts each distinct milestone once (set(milestones)), but MultiStepLR decays once per repetition."""

CAUGHT_BY = ["lr_at_epoch_matches_multisteplr"]


def lr_at_epoch(base_lr: float, milestones, gamma: float, epoch: int) -> float:
    return base_lr * gamma ** sum(1 for m in set(milestones) if m <= epoch)
