"""a2_modules / two_layer_net: the two-layer network as an nn.Module.

An nn.Module holds state (its parameters) and says how to compute (forward). Assigning a
layer as an attribute in __init__ registers it: its parameters then appear in parameters(),
named_parameters() and state_dict(), move with .to(), and reach an optimizer.

Run the checks:  pytest exercises/a2_modules/test_two_layer_net.py
"""

import torch
from torch import nn


class TwoLayerNet(nn.Module):
    """linear2(relu(linear1(x)))."""

    def __init__(self, D_in: int, H: int, D_out: int):
        """Create linear1 = nn.Linear(D_in, H) and linear2 = nn.Linear(H, D_out)."""
        super().__init__()
        # TODO: two attributes, with exactly these names.
        ### BEGIN SOLUTION
        self.linear1 = nn.Linear(D_in, H)
        self.linear2 = nn.Linear(H, D_out)
        ### END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Return linear2(relu(linear1(x))) for x of shape (N, D_in)."""
        # TODO: one line; no ReLU after linear2.
        ### BEGIN SOLUTION
        return self.linear2(torch.relu(self.linear1(x)))
        ### END SOLUTION
