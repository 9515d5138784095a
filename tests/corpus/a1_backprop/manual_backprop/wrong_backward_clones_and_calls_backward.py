"""Wrong: backward clones the weights with requires_grad_() and calls loss.backward() on them: autograd does the work the task asks to do by hand."""

import torch

CAUGHT_BY = ["backward_works_without_autograd"]


def backward(x, y, w1, w2):
    with torch.enable_grad():
        a, b = w1.clone().requires_grad_(), w2.clone().requires_grad_()
        sse_loss(forward(x, a, b), y).backward()
    return a.grad, b.grad
