"""Wrong: backward uses 2 * (y - pred) for d(loss)/d(pred), so both gradients have the wrong sign."""

CAUGHT_BY = ["backward_matches_autograd", "backward_works_without_autograd", "train_manual_lowers_the_loss"]


def backward(x, y, w1, w2):
    pre = x @ w1
    hidden = pre.clamp(min=0)
    grad_pred = 2.0 * (y - hidden @ w2)
    grad_w2 = hidden.T @ grad_pred
    grad_w1 = x.T @ ((grad_pred @ w2.T) * (pre > 0))
    return grad_w1, grad_w2
