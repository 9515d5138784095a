"""a2_modules / rmse_loss: a loss is a module too.

The root mean squared error is sqrt(mean((yhat - y) ** 2)). At a perfect fit the mean is 0,
and the derivative of sqrt at 0 is infinite: the gradient would be 0 * inf = NaN. Adding a
small eps *inside* the root keeps it finite: sqrt(mean(...) + eps).

Run the checks:  pytest exercises/a2_modules/test_rmse_loss.py
"""

import torch
from torch import nn


class RMSELoss(nn.Module):
    """sqrt(mean((yhat - y) ** 2) + eps), a scalar."""

    def __init__(self, eps: float = 1e-6):
        """Keep eps as self.eps."""
        super().__init__()
        # TODO: store eps.
        raise NotImplementedError("RMSELoss.__init__: replace this line with your code")

    def forward(self, yhat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """Return sqrt(mean((yhat - y) ** 2) + eps) as a 0-d tensor that autograd can
        differentiate. Inputs of different shapes raise ValueError (no silent broadcasting)."""
        # TODO: compare the shapes first; then the formula, with eps inside the square root.
        raise NotImplementedError("RMSELoss.forward: replace this line with your code")
