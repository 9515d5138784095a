"""a1_backprop / dynamic_graph: a graph decided at run time, with shared weights.

PyTorch builds the graph while your code runs (define-by-run), so ordinary Python control
flow decides its shape: here one layer is applied `repeats` times, a number chosen per call.
A static graph would have to be fixed before any data arrives. Reusing a layer shares its
weights: autograd adds up the gradient from every use.

Run the checks:  pytest exercises/a1_backprop/test_dynamic_graph.py
"""

import torch
from torch import nn


class DynamicNet(nn.Module):
    """input_linear, then `repeats` times the same middle_linear, then output_linear."""

    def __init__(self, D_in: int, H: int, D_out: int):
        """Create input_linear = nn.Linear(D_in, H), middle_linear = nn.Linear(H, H) and
        output_linear = nn.Linear(H, D_out)."""
        super().__init__()
        # TODO: create the three layers as attributes with exactly these names.
        raise NotImplementedError("DynamicNet.__init__: replace this line with your code")

    def forward(self, x: torch.Tensor, repeats: int) -> torch.Tensor:
        """h = relu(input_linear(x)); then `repeats` times h = relu(middle_linear(h)), always
        the same layer; return output_linear(h). A negative `repeats` raises ValueError."""
        # TODO: check repeats, then a plain Python loop that reuses self.middle_linear.
        raise NotImplementedError("DynamicNet.forward: replace this line with your code")
