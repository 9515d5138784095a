"""Wrong: sse_loss squares the summed error instead of summing the squared errors."""

CAUGHT_BY = ["sse_loss_is_sum_of_squares"]


def sse_loss(pred, y):
    return (pred - y).sum() ** 2
