"""Wrong: grad_w1 is built as grad_pre.T @ x, the transpose of x.T @ grad_pre, wrong whenever D_in != H or it is not symmetric."""

CAUGHT_BY = ["backward_matches_autograd", "backward_gradients_have_weight_shapes"]


def backward(x, y, w1, w2):
    pre = x @ w1
    hidden = pre.clamp(min=0)
    grad_pred = 2.0 * (hidden @ w2 - y)
    grad_w2 = hidden.T @ grad_pred
    grad_pre = (grad_pred @ w2.T) * (pre > 0)
    grad_w1 = grad_pre.T @ x
    if grad_w1.shape != w1.shape:  # "fixes" the shape error the student saw, instead of the math
        grad_w1 = grad_w1.reshape(w1.shape)
    return grad_w1, grad_w2
