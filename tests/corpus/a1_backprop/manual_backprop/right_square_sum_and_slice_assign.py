"""Right: sse_loss as torch.sum(torch.square(...)), and train_manual writing the new weights with w[...] = under no_grad."""

import torch


def sse_loss(pred, y):
    return torch.sum(torch.square(pred - y))


def train_manual(x, y, w1, w2, lr, steps):
    losses = []
    with torch.no_grad():
        for _ in range(steps):
            losses.append(sse_loss(forward(x, w1, w2), y).item())
            grad_w1, grad_w2 = backward(x, y, w1, w2)
            w1[...] = w1 - lr * grad_w1
            w2.copy_(w2 - lr * grad_w2)
    return losses
