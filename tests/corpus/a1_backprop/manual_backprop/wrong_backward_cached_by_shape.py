"""Wrong: backward memoises its gradients in a module-level dict keyed by the shapes of x, w1 and w2, so any later call with the same shapes (new weights, new data) gets the first call's gradients."""

CAUGHT_BY = ["calls_keep_no_state"]

_grads = {}


def backward(x, y, w1, w2):
    key = (x.shape, y.shape, w1.shape, w2.shape)
    if key not in _grads:
        pre = x @ w1
        hidden = pre.clamp(min=0)
        grad_pred = 2.0 * (hidden @ w2 - y)
        grad_w2 = hidden.T @ grad_pred
        grad_w1 = x.T @ ((grad_pred @ w2.T) * (pre > 0))
        _grads[key] = (grad_w1, grad_w2)
    return _grads[key]
