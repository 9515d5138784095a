"""Wrong: torch.sqrt(F.mse_loss(yhat, y)) without eps: right away from 0, but NaN gradient at a perfect fit."""

import torch.nn.functional as F

CAUGHT_BY = [
    "gradient_is_finite_at_a_perfect_fit",
    "eps_is_honoured",
    "value_matches_the_formula",
    "gradient_matches_autograd",
]


class RMSELoss(nn.Module):
    def __init__(self, eps=1e-6):
        super().__init__()
        self.eps = eps

    def forward(self, yhat, y):
        if yhat.shape != y.shape:
            raise ValueError(f"shapes differ: {tuple(yhat.shape)} vs {tuple(y.shape)}")
        return torch.sqrt(F.mse_loss(yhat, y))
