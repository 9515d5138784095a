"""Wrong: sse_loss sums the squared errors as ones(N) @ E @ ones(D_out) with torch.ones made without device= (and only then cast to pred's dtype)."""

import torch

CAUGHT_BY = ["works_on_any_device"]


def sse_loss(pred, y):
    n, d = pred.shape
    squared = (pred - y) ** 2
    return torch.ones(n, dtype=pred.dtype) @ squared @ torch.ones(d, dtype=pred.dtype)
