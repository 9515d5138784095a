"""a2_modules / mlp: a network built from a list of sizes.

A multilayer perceptron is a stack of linear layers with a nonlinearity between them. Here the
stack is described by its sizes: `MLP([4, 16, 16, 2])` means `Linear(4, 16)`, `Linear(16, 16)`
and `Linear(16, 2)`, one layer per consecutive pair of sizes (`itertools.pairwise` makes the
pairs). How many layers there are is only known at run time, so they cannot each get their own
attribute name: they go in a list.

But a plain Python list of layers is invisible to `nn.Module`. A module registers the modules
and parameters assigned directly as its attributes; it does not look inside lists, dicts or
tuples. The layers of a plain list still compute, but their parameters are missing from
`parameters()` and `state_dict()`, `.to()` does not move them, and an optimizer never sees
them, so they never train. `nn.ModuleList` is a list that registers what it holds (and
`nn.ParameterList` does the same for bare parameters):

    >>> import torch
    >>> from torch import nn
    >>> class PlainList(nn.Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.layers = [nn.Linear(3, 2), nn.Linear(2, 1)]
    >>> class Registered(nn.Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.layers = nn.ModuleList([nn.Linear(3, 2), nn.Linear(2, 1)])
    >>> len(list(PlainList().parameters()))
    0
    >>> len(list(Registered().parameters()))
    4
    >>> list(Registered().state_dict())
    ['layers.0.weight', 'layers.0.bias', 'layers.1.weight', 'layers.1.bias']

An `nn.ModuleList` has no `forward` of its own: you index it or loop over it like a list.

What to implement:

- `MLP.__init__(sizes)`: `self.layers`, an `nn.ModuleList` with one `nn.Linear` per
  consecutive pair of sizes. `sizes` may be any sequence (a list, a tuple, a range); fewer than
  two sizes raise `ValueError`.
- `MLP.forward(x)`: the layers in order, with a ReLU between them and none after the last (its
  outputs are raw scores, which may be negative). With two sizes there is a single layer and no
  ReLU at all.

Run the checks:  pytest exercises/a2_modules/test_mlp.py
"""

from collections.abc import Sequence
from itertools import pairwise

import torch
from torch import nn


class MLP(nn.Module):
    """Linear layers of the given sizes, with ReLU between them and none after the last."""

    def __init__(self, sizes: Sequence[int]):
        """self.layers = nn.ModuleList of nn.Linear(a, b) for each consecutive pair of sizes.
        `sizes` is any sequence (list, tuple, range). Fewer than two sizes raise ValueError."""
        super().__init__()
        # TODO: check the sizes, then build self.layers as an nn.ModuleList.
        raise NotImplementedError("MLP.__init__: replace this line with your code")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Apply the layers in order, with a ReLU after every layer but the last."""
        # TODO: loop over self.layers.
        raise NotImplementedError("MLP.forward: replace this line with your code")
