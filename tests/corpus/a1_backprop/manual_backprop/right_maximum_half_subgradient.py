"""Right: ReLU as torch.maximum(pre, 0), whose subgradient at a tie is 0.5, written out by hand as the mask."""

import torch


def forward(x, w1, w2):
    pre = x @ w1
    return torch.maximum(pre, torch.zeros_like(pre)) @ w2


def backward(x, y, w1, w2):
    pre = x @ w1
    hidden = torch.maximum(pre, torch.zeros_like(pre))
    grad_pred = 2.0 * (hidden @ w2 - y)
    grad_w2 = hidden.T @ grad_pred
    mask = (pre > 0).to(pre.dtype) + 0.5 * (pre == 0).to(pre.dtype)
    grad_w1 = x.T @ ((grad_pred @ w2.T) * mask)
    return grad_w1, grad_w2
