"""a1_backprop / autograd_step: the same network, trained with autograd.

Working out gradients by hand does not scale. Autograd does it for you: a tensor created with
`requires_grad=True` is a leaf of a graph that torch records as you compute with it, and
`loss.backward()` walks that graph backwards, applying the chain rule you wrote by hand in
`manual_backprop`, and leaves each leaf's gradient in its `.grad`.

Three details make or break a training loop:

- `backward()` adds into `.grad`, it does not overwrite it: call it twice and you get twice the
  gradient. That is handy for summing several losses, but it means gradients must be cleared
  after every step, or each step would use the sum of all the previous ones.
- The update `w - lr * grad` is not part of the model, so autograd must not record it: wrap it
  in `torch.no_grad()`. Outside it, torch refuses to change a leaf that requires grad in place.
- The update must be in place (`w -= ...`). Writing `w = w - ...` makes a new tensor: the
  caller's tensor never changes, and outside `no_grad` the new one is not even a leaf.

All three on a two-element weight:

    >>> import torch
    >>> w = torch.tensor([1.0, 2.0], requires_grad=True)
    >>> (w * w).sum().backward()
    >>> w.grad                          # the derivative of w * w is 2 w
    tensor([2., 4.])
    >>> (w * w).sum().backward()        # a second backward adds to .grad
    >>> w.grad
    tensor([4., 8.])
    >>> (w - 0.1 * w.grad).is_leaf      # not in place: a new tensor, recorded in the graph
    False
    >>> w -= 0.1 * w.grad               # in place, but recorded: refused
    Traceback (most recent call last):
        ...
    RuntimeError: a leaf Variable that requires grad ...
    >>> with torch.no_grad():
    ...     w -= 0.1 * w.grad
    >>> w                               # the same tensor, new values, still a leaf
    tensor([0.6000, 1.2000], requires_grad=True)
    >>> w.grad = None                   # cleared, ready for the next backward

What to implement:

- `sgd_step_(params, lr)`: for each tensor that has a gradient, the update in place under
  `torch.no_grad()` (`p -= ...`, in `p`'s own storage; rebinding `p.data` is not in place),
  then clear its gradient (set it to None or zero it). Tensors whose `.grad` is None are left
  alone. `params` is any iterable, a one-shot generator such as `model.parameters()` included:
  loop over it once. The trailing underscore is torch's naming convention for in place.
- `train_autograd(...)`: the loop of `train_manual`, with `loss.backward()` and `sgd_step_`
  doing the work. Record the loss with `.item()` before each update; the losses must match
  those of `train_manual` from the same start.

Run the checks:  pytest exercises/a1_backprop/test_autograd_step.py
"""

from collections.abc import Iterable

import torch

from .manual_backprop import forward, sse_loss


def sgd_step_(params: Iterable[torch.Tensor], lr: float) -> None:
    """For every tensor p in `params` whose p.grad is not None: p -= lr * p.grad, in place and
    unrecorded by autograd; then clear p.grad (set it to None, or zero it).

    `params` is any iterable of tensors, a generator included: read it once. In place means the
    same tensor object and storage (data_ptr() unchanged; rebinding p.data is not in place).
    Tensors without a gradient are left alone. Every tensor stays a leaf that requires grad.
    """
    # TODO: under torch.no_grad(), one loop over params: update each tensor that has a
    # gradient, then clear it.
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
