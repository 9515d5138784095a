"""Wrong: lr_at_epoch computes with tensors and returns a 0-d tensor instead of a float."""

CAUGHT_BY = ["lr_at_epoch_matches_multisteplr"]


def lr_at_epoch(base_lr: float, milestones, gamma: float, epoch: int) -> float:
    reached = (torch.tensor(list(milestones), dtype=torch.int64) <= epoch).sum()
    return torch.tensor(base_lr, dtype=torch.float64) * torch.tensor(gamma, dtype=torch.float64) ** reached
