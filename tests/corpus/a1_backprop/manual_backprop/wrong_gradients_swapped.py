"""Wrong: backward returns (grad_w2, grad_w1), in the order they are computed, not (grad_w1, grad_w2)."""

CAUGHT_BY = ["backward_gradients_have_weight_shapes", "backward_matches_autograd"]


def backward(x, y, w1, w2):
    pre = x @ w1
    hidden = pre.clamp(min=0)
    grad_pred = 2.0 * (hidden @ w2 - y)
    grad_w2 = hidden.T @ grad_pred
    grad_w1 = x.T @ ((grad_pred @ w2.T) * (pre > 0))
    return grad_w2, grad_w1
