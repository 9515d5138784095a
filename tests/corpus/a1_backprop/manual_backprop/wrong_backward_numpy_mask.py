"""Wrong: backward builds the ReLU mask in NumPy (pre.numpy() > 0) and back with torch.from_numpy: a round trip through the CPU that fails on a GPU."""

import torch

CAUGHT_BY = ["works_on_any_device"]


def backward(x, y, w1, w2):
    pre = x @ w1
    hidden = pre.clamp(min=0)
    grad_pred = 2.0 * (hidden @ w2 - y)
    grad_w2 = hidden.T @ grad_pred
    mask = torch.from_numpy(pre.numpy() > 0)
    grad_w1 = x.T @ ((grad_pred @ w2.T) * mask)
    return grad_w1, grad_w2
