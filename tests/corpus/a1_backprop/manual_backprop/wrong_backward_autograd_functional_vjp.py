"""Wrong: backward gets the gradients from torch.autograd.functional.vjp of the loss instead of the chain rule by hand."""

import torch

CAUGHT_BY = ["backward_works_without_autograd"]


def backward(x, y, w1, w2):
    _, (grad_w1, grad_w2) = torch.autograd.functional.vjp(
        lambda a, b: sse_loss(forward(x, a, b), y), (w1, w2)
    )
    return grad_w1, grad_w2
