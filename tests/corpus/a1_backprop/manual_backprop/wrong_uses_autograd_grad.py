"""Wrong: backward calls torch.autograd.grad on the loss instead of deriving the gradients by hand."""

import torch
from torch.autograd import grad as autograd_grad

CAUGHT_BY = ["backward_works_without_autograd"]


def backward(x, y, w1, w2):
    with torch.enable_grad():
        a = w1.detach().requires_grad_()
        b = w2.detach().requires_grad_()
        grad_w1, grad_w2 = autograd_grad(sse_loss(forward(x, a, b), y), (a, b))
    return grad_w1, grad_w2
