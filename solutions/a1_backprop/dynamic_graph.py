"""a1_backprop / dynamic_graph: a graph decided at run time, with shared weights.

Some frameworks make you declare a static graph first and feed data through it afterwards: its
shape is fixed before any data arrives. PyTorch is define-by-run: the graph is recorded while
your Python code runs, one operation at a time, and freed after `backward()`. So ordinary
control flow (`if`, `for`, a number chosen per call) decides its shape, and every call may
build a different graph.

In this exercise one layer is applied `repeats` times, a number passed to `forward`. Using the
same layer several times shares its weights: there is one set of parameters however many times
it runs. Each use contributes its own term to the gradient, and autograd adds them all up.

A loop decides how often `w` is used; its gradient sums over the uses:

    >>> import torch
    >>> w = torch.tensor(2.0, requires_grad=True)
    >>> def power(x, times):
    ...     for _ in range(times):          # plain Python decides the graph
    ...         x = w * x
    ...     return x
    >>> power(torch.tensor(1.0), 0)         # w never used: no graph at all
    tensor(1.)
    >>> y = power(torch.tensor(1.0), 3)     # w * w * w: three uses of the same w
    >>> y
    tensor(8., grad_fn=<MulBackward0>)
    >>> y.backward()
    >>> w.grad                              # 3 uses, each contributing w * w = 4
    tensor(12.)

What to implement:

- `DynamicNet.__init__(D_in, H, D_out)`: the layers `input_linear`, `middle_linear` and
  `output_linear`, with exactly these names and sizes.
- `DynamicNet.forward(x, repeats)`: a plain Python loop that reuses `self.middle_linear`
  `repeats` times, with a ReLU after the input layer and after each repeat, and none after the
  output layer. `repeats=0` is allowed (straight from the input layer to the output layer); a
  negative `repeats` raises `ValueError`. Never create layers inside `forward`: they would be
  new, untrained and unregistered weights on every call. Keep nothing from one call to the
  next (no attribute set in `forward`): each call depends only on its `x` and `repeats`.

Run the checks:  pytest exercises/a1_backprop/test_dynamic_graph.py
"""

import torch
from torch import nn


class DynamicNet(nn.Module):
    """input_linear, then `repeats` times the same middle_linear, then output_linear."""

    def __init__(self, D_in: int, H: int, D_out: int):
        """Create input_linear = nn.Linear(D_in, H), middle_linear = nn.Linear(H, H) and
        output_linear = nn.Linear(H, D_out), in torch's default dtype and device."""
        super().__init__()
        # TODO: create the three layers as attributes with exactly these names.
        ### BEGIN SOLUTION
        self.input_linear = nn.Linear(D_in, H)
        self.middle_linear = nn.Linear(H, H)
        self.output_linear = nn.Linear(H, D_out)
        ### END SOLUTION

    def forward(self, x: torch.Tensor, repeats: int) -> torch.Tensor:
        """h = relu(input_linear(x)); then `repeats` times h = relu(middle_linear(h)), always
        the same layer; return output_linear(h). A negative `repeats` raises ValueError."""
        # TODO: check repeats, then a plain Python loop that reuses self.middle_linear.
        ### BEGIN SOLUTION
        if repeats < 0:
            raise ValueError(f"repeats must be >= 0, got {repeats}")
        h = torch.relu(self.input_linear(x))
        for _ in range(repeats):
            h = torch.relu(self.middle_linear(h))
        return self.output_linear(h)
        ### END SOLUTION
