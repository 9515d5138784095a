"""Wrong: the ReLU mask is taken from the upstream gradient (grad_hidden > 0) instead of the pre-activation."""

CAUGHT_BY = ["backward_matches_autograd", "backward_works_without_autograd"]


def backward(x, y, w1, w2):
    pre = x @ w1
    hidden = pre.clamp(min=0)
    grad_pred = 2.0 * (hidden @ w2 - y)
    grad_w2 = hidden.T @ grad_pred
    grad_hidden = grad_pred @ w2.T
    grad_w1 = x.T @ (grad_hidden * (grad_hidden > 0))
    return grad_w1, grad_w2
