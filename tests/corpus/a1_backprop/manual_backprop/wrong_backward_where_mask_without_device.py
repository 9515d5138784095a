"""Wrong: backward builds the ReLU mask with torch.where(pre > 0, torch.ones(shape), torch.zeros(shape)), tensors made on the CPU whatever the inputs' device."""

import torch

CAUGHT_BY = ["works_on_any_device"]


def backward(x, y, w1, w2):
    pre = x @ w1
    hidden = pre.clamp(min=0)
    grad_pred = 2.0 * (hidden @ w2 - y)
    grad_w2 = hidden.T @ grad_pred
    mask = torch.where(pre > 0, torch.ones(pre.shape), torch.zeros(pre.shape))
    grad_w1 = x.T @ ((grad_pred @ w2.T) * mask)
    return grad_w1, grad_w2
