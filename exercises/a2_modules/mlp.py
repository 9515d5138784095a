"""a2_modules / mlp: a network built from a list of sizes.

A plain Python list of layers is invisible to nn.Module: its parameters are not in
parameters() or state_dict(), .to() does not move them, and an optimizer never sees them.
nn.ModuleList is a list that registers what it holds.

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
        Fewer than two sizes raise ValueError."""
        super().__init__()
        # TODO: check the sizes, then build self.layers as an nn.ModuleList.
        raise NotImplementedError("MLP.__init__: replace this line with your code")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Apply the layers in order, with a ReLU after every layer but the last."""
        # TODO: loop over self.layers.
        raise NotImplementedError("MLP.forward: replace this line with your code")
