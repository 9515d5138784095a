"""Wrong: backward computes the mask in numpy, torch.from_numpy(x.detach().numpy() > 0): a round trip through the CPU (on a GPU .numpy() fails)."""

import numpy as np

CAUGHT_BY = ["works_on_any_device"]


class MyReLUFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * torch.from_numpy(x.detach().numpy() > 0)
