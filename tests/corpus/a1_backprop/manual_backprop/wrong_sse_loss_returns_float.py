"""Wrong: sse_loss returns a Python float (.item()) instead of a 0-d tensor."""

CAUGHT_BY = ["sse_loss_is_sum_of_squares"]


def sse_loss(pred, y):
    return ((pred - y) ** 2).sum().item()
