"""Wrong: sse_loss saves a temporary with pred -= y, which overwrites the caller's pred with the residual."""

CAUGHT_BY = ["sse_loss_is_sum_of_squares"]


def sse_loss(pred, y):
    pred -= y
    return (pred**2).sum()
