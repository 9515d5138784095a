"""Wrong: backward caches x.T in a module-level dict keyed by x's shape ("the data never changes during training"): train_manual is fine, but a later call with other data of the same shape multiplies by the first call's x."""

CAUGHT_BY = ["calls_keep_no_state"]

_x_t = {}


def backward(x, y, w1, w2):
    if x.shape not in _x_t:
        _x_t[x.shape] = x.T.clone()
    pre = x @ w1
    hidden = pre.clamp(min=0)
    grad_pred = 2.0 * (hidden @ w2 - y)
    grad_w2 = hidden.T @ grad_pred
    grad_w1 = _x_t[x.shape] @ ((grad_pred @ w2.T) * (pre > 0))
    return grad_w1, grad_w2
