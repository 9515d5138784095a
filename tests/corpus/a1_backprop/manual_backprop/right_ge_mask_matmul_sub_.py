"""Right: mask (pre >= 0), i.e. subgradient 1 at ties, torch.matmul, and train_manual stepping with .sub_() in a while loop."""

import torch


def backward(x, y, w1, w2):
    pre = torch.matmul(x, w1)
    mask = (pre >= 0).to(x.dtype)
    hidden = pre * mask
    residual = torch.matmul(hidden, w2) - y
    grad_w2 = 2 * torch.matmul(hidden.transpose(0, 1), residual)
    grad_w1 = 2 * torch.matmul(x.transpose(0, 1), torch.matmul(residual, w2.transpose(0, 1)) * mask)
    return grad_w1, grad_w2


def train_manual(x, y, w1, w2, lr, steps):
    losses = []
    step = 0
    while step < steps:
        losses.append(float(sse_loss(forward(x, w1, w2), y)))
        g1, g2 = backward(x, y, w1, w2)
        w1.sub_(lr * g1)
        w2.sub_(g2, alpha=lr)
        step += 1
    return losses
