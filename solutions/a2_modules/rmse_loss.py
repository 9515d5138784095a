"""a2_modules / rmse_loss: a loss is a module too.

A loss function is just another module: it keeps its settings (here `eps`) from `__init__`,
computes in `forward`, and you call it like a layer, `loss_fn(yhat, y)`. torch's own losses
(`nn.MSELoss`, `nn.CrossEntropyLoss`, and the rest) work exactly this way.

The root mean squared error `sqrt(mean((yhat - y) ** 2))` is the typical size of an error, in
the units of `y`. It hides a trap: the derivative of `sqrt(u)` is `1 / (2 sqrt(u))`, infinite
at `u = 0`. At a perfect fit the mean is 0, so backpropagation multiplies an infinite slope by
the zero gradient of the mean, and 0 times infinity is NaN: one perfect batch, and NaN spreads
into every weight. A small `eps` inside the root, `sqrt(mean(...) + eps)`, keeps the slope
finite. Added outside the root, `sqrt(mean(...)) + eps`, it would not help.

See it happen:

    >>> import torch
    >>> u = torch.tensor(0.0, requires_grad=True)
    >>> torch.sqrt(u).backward()
    >>> u.grad                                      # the slope of sqrt at 0
    tensor(inf)
    >>> yhat = torch.tensor([1.0, 2.0], requires_grad=True)
    >>> y = torch.tensor([1.0, 2.0])                # a perfect fit
    >>> torch.sqrt(((yhat - y) ** 2).mean()).backward()
    >>> yhat.grad                                   # 0 times infinity
    tensor([nan, nan])
    >>> u.grad = None
    >>> torch.sqrt(u + 1e-6).backward()             # shifted away from 0: finite
    >>> u.grad                                      # 1 / (2 sqrt(1e-6))
    tensor(500.0000)

What to implement:

- `RMSELoss.__init__(eps=1e-6)`: keep `eps` as `self.eps`. It is a plain number, not a
  parameter: there is nothing to learn.
- `RMSELoss.forward(yhat, y)`: a 0-d tensor with the inputs' dtype and device, differentiable
  everywhere. Compare the shapes first and raise `ValueError` when they differ: otherwise
  broadcasting would silently turn `(N, 1)` against `(N,)` into an `(N, N)` grid of differences
  and a wrong loss.

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
        ### BEGIN SOLUTION
        self.eps = eps
        ### END SOLUTION

    def forward(self, yhat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """Return sqrt(mean((yhat - y) ** 2) + eps) as a 0-d tensor that autograd can
        differentiate. Inputs of different shapes raise ValueError (no silent broadcasting)."""
        # TODO: compare the shapes first; then the formula, with eps inside the square root.
        ### BEGIN SOLUTION
        if yhat.shape != y.shape:
            raise ValueError(f"yhat has shape {tuple(yhat.shape)} but y has shape {tuple(y.shape)}")
        return torch.sqrt(torch.mean((yhat - y) ** 2) + self.eps)
        ### END SOLUTION
