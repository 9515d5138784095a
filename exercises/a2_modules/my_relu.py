"""a2_modules / my_relu: a custom autograd Function.

A torch.autograd.Function says both how to compute (forward) and how to differentiate
(backward). forward may keep what backward needs with ctx.save_for_backward; backward receives
the gradient of the loss with respect to the output (grad_output) and returns the gradient with
respect to the input: for ReLU, grad_output where the input was positive, 0 elsewhere.

Run the checks:  pytest exercises/a2_modules/test_my_relu.py
"""

import torch
from torch import nn


class MyReLUFunction(torch.autograd.Function):
    """ReLU with a hand-written backward."""

    @staticmethod
    def forward(ctx, x: torch.Tensor) -> torch.Tensor:
        """Save x for backward; return relu(x)."""
        # TODO: ctx.save_for_backward(x), then return x.clamp(min=0).
        raise NotImplementedError("MyReLUFunction.forward: replace this line with your code")

    @staticmethod
    def backward(ctx, grad_output: torch.Tensor) -> torch.Tensor:
        """Return grad_output masked by where the saved input was positive."""
        # TODO: (x,) = ctx.saved_tensors; mask grad_output with x > 0.
        raise NotImplementedError("MyReLUFunction.backward: replace this line with your code")


def my_relu(x: torch.Tensor) -> torch.Tensor:
    """Apply MyReLUFunction to x."""
    # TODO: call the Function through .apply (never its forward directly).
    raise NotImplementedError("my_relu: replace this line with your code")


class MyReLU(nn.Module):
    """A module around my_relu; with inplace=True it overwrites its input and returns it."""

    def __init__(self, inplace: bool = False):
        """Keep inplace as self.inplace."""
        super().__init__()
        # TODO: store inplace.
        raise NotImplementedError("MyReLU.__init__: replace this line with your code")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """my_relu(x); or, with inplace=True, write relu(x) into x and return x itself."""
        # TODO: two cases. In place: x.clamp_(min=0) returns x.
        raise NotImplementedError("MyReLU.forward: replace this line with your code")
