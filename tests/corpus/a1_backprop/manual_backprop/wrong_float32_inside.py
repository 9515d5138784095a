"""Wrong: backward computes in float32 and casts back, losing float64 precision."""

CAUGHT_BY = ["backward_matches_autograd", "backward_works_without_autograd"]


def backward(x, y, w1, w2):
    xf, yf, w1f, w2f = x.float(), y.float(), w1.float(), w2.float()
    pre = xf @ w1f
    hidden = pre.clamp(min=0)
    grad_pred = 2.0 * (hidden @ w2f - yf)
    grad_w2 = hidden.T @ grad_pred
    grad_w1 = xf.T @ ((grad_pred @ w2f.T) * (pre > 0))
    return grad_w1.to(w1.dtype), grad_w2.to(w2.dtype)
