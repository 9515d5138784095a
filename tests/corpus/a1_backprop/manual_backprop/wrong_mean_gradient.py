"""Wrong: backward differentiates the mean squared error (divides by N), not the sum the loss uses."""

CAUGHT_BY = ["backward_matches_autograd", "backward_works_without_autograd"]


def backward(x, y, w1, w2):
    pre = x @ w1
    hidden = pre.clamp(min=0)
    grad_pred = 2.0 * (hidden @ w2 - y) / x.shape[0]
    grad_w2 = hidden.T @ grad_pred
    grad_w1 = x.T @ ((grad_pred @ w2.T) * (pre > 0))
    return grad_w1, grad_w2
