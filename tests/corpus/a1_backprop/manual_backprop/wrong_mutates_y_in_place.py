"""Wrong: backward computes pred - y in place on y (y.sub_(pred).mul_(-2)), overwriting the caller's targets."""

CAUGHT_BY = ["backward_leaves_inputs_unchanged"]


def backward(x, y, w1, w2):
    pre = x @ w1
    hidden = pre.clamp(min=0)
    grad_pred = y.sub_(hidden @ w2).mul_(-2.0)  # 2 * (pred - y), "without allocating"
    grad_w2 = hidden.T @ grad_pred
    grad_w1 = x.T @ ((grad_pred @ w2.T) * (pre > 0))
    return grad_w1, grad_w2
