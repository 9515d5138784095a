"""Wrong: sse_loss averages the squared errors (.mean()) instead of summing them."""

CAUGHT_BY = ["sse_loss_is_sum_of_squares", "train_manual_losses_match_reference"]


def sse_loss(pred, y):
    return ((pred - y) ** 2).mean()
