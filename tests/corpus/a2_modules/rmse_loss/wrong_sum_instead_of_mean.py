"""Wrong: sums the squared differences instead of averaging them, sqrt(sum((yhat - y) ** 2) + eps)."""

CAUGHT_BY = ["value_matches_the_formula", "gradient_matches_autograd"]


class RMSELoss(nn.Module):
    def __init__(self, eps=1e-6):
        super().__init__()
        self.eps = eps

    def forward(self, yhat, y):
        if yhat.shape != y.shape:
            raise ValueError(f"shapes differ: {tuple(yhat.shape)} vs {tuple(y.shape)}")
        return torch.sqrt(torch.sum((yhat - y) ** 2) + self.eps)
