"""Wrong: backward accumulates per-sample gradients into torch.zeros(w.shape, dtype=w.dtype), made without device=, so on a GPU the sum starts (and fails) on the CPU."""

import torch

CAUGHT_BY = ["works_on_any_device"]


def backward(x, y, w1, w2):
    grad_w1 = torch.zeros(w1.shape, dtype=w1.dtype)
    grad_w2 = torch.zeros(w2.shape, dtype=w2.dtype)
    for i in range(x.shape[0]):
        pre = x[i] @ w1
        hidden = pre.clamp(min=0)
        grad_pred = 2.0 * (hidden @ w2 - y[i])
        grad_w2 += torch.outer(hidden, grad_pred)
        grad_w1 += torch.outer(x[i], (w2 @ grad_pred) * (pre > 0))
    return grad_w1, grad_w2
