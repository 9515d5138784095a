"""Wrong: backward uses torch.func.grad (functorch's transform) over the loss, which is autograd in a functional disguise."""

import torch

CAUGHT_BY = ["backward_works_without_autograd"]


def backward(x, y, w1, w2):
    def loss_of(a, b):
        return sse_loss(forward(x, a, b), y)

    return torch.func.grad(loss_of, argnums=(0, 1))(w1, w2)
