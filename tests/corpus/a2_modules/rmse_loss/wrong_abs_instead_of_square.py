"""Wrong: takes the absolute differences instead of their squares, sqrt(mean(|yhat - y|) + eps)."""

CAUGHT_BY = ["value_matches_the_formula", "gradient_matches_autograd"]


class RMSELoss(nn.Module):
    def __init__(self, eps=1e-6):
        super().__init__()
        self.eps = eps

    def forward(self, yhat, y):
        if yhat.shape != y.shape:
            raise ValueError(f"shapes differ: {tuple(yhat.shape)} vs {tuple(y.shape)}")
        return torch.sqrt(torch.mean((yhat - y).abs()) + self.eps)
