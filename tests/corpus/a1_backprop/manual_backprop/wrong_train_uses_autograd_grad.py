"""Wrong: train_manual ignores backward and gets the gradients from torch.autograd.grad on detached copies of the weights."""

import torch

CAUGHT_BY = ["train_manual_updates_weights_in_place", "train_manual_losses_match_reference"]


def train_manual(x, y, w1, w2, lr, steps):
    losses = []
    for _ in range(steps):
        a, b = w1.detach().requires_grad_(), w2.detach().requires_grad_()
        loss = sse_loss(forward(x, a, b), y)
        losses.append(loss.item())
        grad_w1, grad_w2 = torch.autograd.grad(loss, (a, b))
        w1 -= lr * grad_w1
        w2 -= lr * grad_w2
    return losses
