"""Wrong: backward gets the gradients from autograd (loss.backward()) instead of the chain rule by hand."""

import torch

CAUGHT_BY = ["backward_works_without_autograd"]


def backward(x, y, w1, w2):
    with torch.enable_grad():
        a = w1.detach().clone().requires_grad_(True)
        b = w2.detach().clone().requires_grad_(True)
        loss = sse_loss(forward(x, a, b), y)
        loss.backward()
    return a.grad, b.grad
