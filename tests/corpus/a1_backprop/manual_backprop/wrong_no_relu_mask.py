"""Wrong: backward forgets the ReLU's derivative; the gradient flows through negative units."""

CAUGHT_BY = ["backward_matches_autograd", "backward_works_without_autograd"]


def backward(x, y, w1, w2):
    pre = x @ w1
    hidden = pre.clamp(min=0)
    grad_pred = 2.0 * (hidden @ w2 - y)
    return x.T @ (grad_pred @ w2.T), hidden.T @ grad_pred
