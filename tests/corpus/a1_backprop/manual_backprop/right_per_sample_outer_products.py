"""Right: backward loops over the batch and sums per-sample outer products; sse_loss as a dot product of the residual with itself."""

import torch


def sse_loss(pred, y):
    r = (pred - y).reshape(-1)
    return torch.dot(r, r)


def backward(x, y, w1, w2):
    grad_w1 = torch.zeros_like(w1)
    grad_w2 = torch.zeros_like(w2)
    for i in range(x.shape[0]):
        pre = x[i] @ w1  # (H,)
        hidden = pre.clamp(min=0)
        grad_pred = 2 * (hidden @ w2 - y[i])  # (D_out,)
        grad_w2 = grad_w2 + torch.outer(hidden, grad_pred)
        grad_pre = (w2 @ grad_pred) * (pre > 0)
        grad_w1 = grad_w1 + torch.outer(x[i], grad_pre)
    return grad_w1, grad_w2
