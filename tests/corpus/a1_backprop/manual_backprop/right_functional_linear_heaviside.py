"""Right: forward with F.linear on the transposed weights, sse_loss as F.mse_loss(reduction="sum"), and the ReLU's derivative as torch.heaviside with 1 at the kink (a valid subgradient)."""

import torch
import torch.nn.functional as F


def forward(x, w1, w2):
    return F.linear(F.relu(F.linear(x, w1.T)), w2.T)


def sse_loss(pred, y):
    return F.mse_loss(pred, y, reduction="sum")


def backward(x, y, w1, w2):
    pre = F.linear(x, w1.T)
    hidden = F.relu(pre)
    grad_pred = 2 * (F.linear(hidden, w2.T) - y)
    grad_w2 = torch.matmul(hidden.T, grad_pred)
    step = torch.heaviside(pre, torch.ones_like(pre))
    grad_w1 = torch.matmul(x.T, torch.matmul(grad_pred, w2.T) * step)
    return grad_w1, grad_w2
