"""Wrong: backward applies the ReLU in place to the input (x.clamp_(min=0)) instead of to x @ w1, overwriting the caller's x."""

CAUGHT_BY = ["backward_leaves_inputs_unchanged", "backward_matches_autograd"]


def backward(x, y, w1, w2):
    hidden = x.clamp_(min=0) @ w1
    grad_pred = 2.0 * (hidden @ w2 - y)
    grad_w2 = hidden.T @ grad_pred
    grad_w1 = x.T @ ((grad_pred @ w2.T) * (hidden > 0))
    return grad_w1, grad_w2
