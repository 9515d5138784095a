"""Wrong: adds eps outside the root, sqrt(mean((yhat - y) ** 2)) + eps, so the slope at a perfect fit is still infinite (NaN gradient) and the value is off by about eps."""

CAUGHT_BY = [
    "gradient_is_finite_at_a_perfect_fit",
    "value_matches_the_formula",
    "gradient_matches_autograd",
    "eps_is_honoured",
]


class RMSELoss(nn.Module):
    def __init__(self, eps=1e-6):
        super().__init__()
        self.eps = eps

    def forward(self, yhat, y):
        if yhat.shape != y.shape:
            raise ValueError(f"shapes differ: {tuple(yhat.shape)} vs {tuple(y.shape)}")
        return torch.sqrt(torch.mean((yhat - y) ** 2)) + self.eps
