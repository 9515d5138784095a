"""Wrong: stores self.eps but forward hard-codes 1e-6, so RMSELoss(eps=0.5) behaves like RMSELoss()."""

CAUGHT_BY = [
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
        return torch.sqrt(torch.mean((yhat - y) ** 2) + 1e-6)
