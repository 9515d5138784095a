"""Wrong: backward takes x's transpose with x.t_(), which transposes the caller's x in place instead of returning a view."""

CAUGHT_BY = ["backward_leaves_inputs_unchanged"]


def backward(x, y, w1, w2):
    pre = x @ w1
    hidden = pre.clamp(min=0)
    grad_pred = 2.0 * (hidden @ w2 - y)
    grad_w2 = hidden.T @ grad_pred
    grad_pre = (grad_pred @ w2.T) * (pre > 0)
    grad_w1 = x.t_() @ grad_pre
    return grad_w1, grad_w2
