"""Wrong: sse_loss chains in-place operations, pred.sub_(y).pow_(2).sum(), so the caller's pred ends up holding the squared errors."""

CAUGHT_BY = ["sse_loss_is_sum_of_squares"]


def sse_loss(pred, y):
    return pred.sub_(y).pow_(2).sum()
