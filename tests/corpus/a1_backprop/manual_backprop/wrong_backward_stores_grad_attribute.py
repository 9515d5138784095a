"""Wrong: backward also stores its results in w1.grad and w2.grad, as autograd would, which changes the caller's tensors' .grad."""

CAUGHT_BY = ["backward_leaves_inputs_unchanged"]


def backward(x, y, w1, w2):
    pre = x @ w1
    hidden = pre.clamp(min=0)
    grad_pred = 2.0 * (hidden @ w2 - y)
    w2.grad = hidden.T @ grad_pred
    w1.grad = x.T @ ((grad_pred @ w2.T) * (pre > 0))
    return w1.grad, w2.grad
