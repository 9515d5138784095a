"""Wrong: grad_w2 is computed as grad_pred.T @ hidden, the transpose of the right gradient (shape (D_out, H))."""

CAUGHT_BY = ["backward_gradients_have_weight_shapes", "backward_matches_autograd"]


def backward(x, y, w1, w2):
    pre = x @ w1
    hidden = pre.clamp(min=0)
    grad_pred = 2.0 * (hidden @ w2 - y)
    grad_w2 = grad_pred.T @ hidden
    grad_w1 = x.T @ ((grad_pred @ w2.T) * (pre > 0))
    return grad_w1, grad_w2
