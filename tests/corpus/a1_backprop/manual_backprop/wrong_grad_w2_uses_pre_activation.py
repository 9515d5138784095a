"""Wrong: grad_w2 uses the pre-activation x @ w1 instead of the ReLU's output hidden."""

CAUGHT_BY = ["backward_matches_autograd", "backward_works_without_autograd"]


def backward(x, y, w1, w2):
    pre = x @ w1
    hidden = pre.clamp(min=0)
    grad_pred = 2.0 * (hidden @ w2 - y)
    grad_w2 = pre.T @ grad_pred
    grad_w1 = x.T @ ((grad_pred @ w2.T) * (pre > 0))
    return grad_w1, grad_w2
