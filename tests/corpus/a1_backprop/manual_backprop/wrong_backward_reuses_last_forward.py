"""Wrong: forward keeps its pre-activation in a module-level global and backward reuses it when the shape matches ("no need to run the forward pass twice"): right inside train_manual, wrong for a backward that does not directly follow a forward on the same inputs."""

CAUGHT_BY = ["calls_keep_no_state"]

_last_pre = None


def forward(x, w1, w2):
    global _last_pre
    _last_pre = x @ w1
    return _last_pre.clamp(min=0) @ w2


def backward(x, y, w1, w2):
    pre = _last_pre
    if pre is None or pre.shape != (x.shape[0], w1.shape[1]):
        pre = x @ w1
    hidden = pre.clamp(min=0)
    grad_pred = 2.0 * (hidden @ w2 - y)
    grad_w2 = hidden.T @ grad_pred
    grad_w1 = x.T @ ((grad_pred @ w2.T) * (pre > 0))
    return grad_w1, grad_w2
