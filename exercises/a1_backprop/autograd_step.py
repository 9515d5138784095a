"""a1_backprop / autograd_step: the same network, trained with autograd.

Tensors created with requires_grad=True are leaves of a graph that torch records as you
compute. loss.backward() walks that graph backwards and *adds* each gradient into `.grad`:
call it twice and you get twice the gradient, so gradients must be cleared after each step.
The update itself must not be recorded (wrap it in torch.no_grad()) and must change the
tensor the caller holds (update in place), so that the weights stay leaves that require grad.

Run the checks:  pytest exercises/a1_backprop/test_autograd_step.py
"""

import torch

from .manual_backprop import forward, sse_loss


def sgd_step_(params: list[torch.Tensor], lr: float) -> None:
    """For every tensor p in `params` whose p.grad is not None: p -= lr * p.grad, in place and
    unrecorded by autograd; then clear p.grad (set it to None, or zero it).

    Tensors without a gradient are left alone. Every tensor stays a leaf that requires grad.
    """
    # TODO: under torch.no_grad(), update each tensor that has a gradient, then clear it.
    raise NotImplementedError("sgd_step_: replace this line with your code")


def train_autograd(
    x: torch.Tensor, y: torch.Tensor, w1: torch.Tensor, w2: torch.Tensor, lr: float, steps: int
) -> list[float]:
    """Train w1 and w2 (leaves with requires_grad=True) for `steps` steps with autograd.

    Each step: loss = sse_loss(forward(x, w1, w2), y), loss.backward(), sgd_step_([w1, w2], lr).
    Return the loss before each step as plain Python floats: the same numbers as train_manual.
    """
    # TODO: the loop of train_manual, with loss.backward() and sgd_step_ doing the work.
    raise NotImplementedError("train_autograd: replace this line with your code")
