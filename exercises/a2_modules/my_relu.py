"""a2_modules / my_relu: a custom autograd Function.

Autograd knows the derivative of every built-in operation. When you need one it does not know,
or a cheaper or more stable backward than the one it would derive, you write a
`torch.autograd.Function`: a pair of static methods that say how to compute (`forward`) and how
to differentiate (`backward`).

- `forward(ctx, x)` computes the result. `ctx` is a context object that carries things over to
  the backward pass: `ctx.save_for_backward(x)` keeps the tensors that backward will need (and
  torch checks that nobody changed them in between).
- `backward(ctx, grad_output)` receives the gradient of the loss with respect to the output and
  returns the gradient with respect to each input of `forward`: one link of the chain rule. The
  saved tensors come back as `ctx.saved_tensors`.
- You never call `forward` yourself: `MyFunction.apply(x)` runs it and records a node in the
  graph, so that `loss.backward()` calls your `backward` when it gets there.

The same pattern for `x * x`, whose derivative is `2 x`:

    >>> import torch
    >>> class Square(torch.autograd.Function):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         ctx.save_for_backward(x)          # what backward will need
    ...         return x * x
    ...     @staticmethod
    ...     def backward(ctx, grad_output):
    ...         (x,) = ctx.saved_tensors
    ...         return grad_output * 2 * x        # upstream gradient times local derivative
    >>> x = torch.tensor([1.0, -3.0], requires_grad=True)
    >>> y = Square.apply(x)
    >>> y
    tensor([1., 9.], grad_fn=<SquareBackward>)
    >>> y.sum().backward()
    >>> x.grad
    tensor([ 2., -6.])
    >>> _ = torch.manual_seed(0)
    >>> x64 = torch.randn(4, dtype=torch.float64, requires_grad=True)
    >>> torch.autograd.gradcheck(Square.apply, (x64,))    # against finite differences
    True

What to implement:

- `MyReLUFunction`: `forward` saves the input and returns its ReLU; `backward` returns
  `grad_output` where the saved input was positive and 0 elsewhere (the mask of
  `manual_backprop`). Return the masked gradient as a new tensor, not the mask itself, in
  `grad_output`'s dtype, written by hand (no autograd inside). Never write into
  `grad_output`: the same gradient may also flow to another branch of the graph.
  Keep what backward needs in `ctx`, never on the class or in a global: two calls may run
  forward twice before either backward, and each backward must use its own call's input.
- `my_relu(x)`: the Function applied through `.apply`.
- `MyReLU(inplace=False)`: a module around `my_relu`. With `inplace=True` its `forward`
  overwrites `x` with the ReLU and returns that same tensor object, with the gradient
  `torch.relu_` has (an in-place torch operation such as `x.clamp_(min=0)` keeps it; writing
  through `x.data` hides it from autograd); otherwise `x` is left untouched and a new tensor
  comes back.

Run the checks:  pytest exercises/a2_modules/test_my_relu.py
"""

import torch
from torch import nn


class MyReLUFunction(torch.autograd.Function):
    """ReLU with a hand-written backward."""

    @staticmethod
    def forward(ctx, x: torch.Tensor) -> torch.Tensor:
        """Save x for backward (in ctx: nothing kept between calls); return relu(x)."""
        # TODO: ctx.save_for_backward(x), then return x.clamp(min=0).
        raise NotImplementedError("MyReLUFunction.forward: replace this line with your code")

    @staticmethod
    def backward(ctx, grad_output: torch.Tensor) -> torch.Tensor:
        """Return grad_output masked by where the saved input was positive, as a new tensor
        (grad_output itself stays as it is)."""
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
        """my_relu(x); or, with inplace=True, write relu(x) into x (its own storage) and
        return x itself."""
        # TODO: two cases. In place: x.clamp_(min=0) returns x.
        raise NotImplementedError("MyReLU.forward: replace this line with your code")
