"""Wrong: averages over the last dimension only, takes one RMSE per row and averages those: the mean of roots is not the root of the mean."""

CAUGHT_BY = ["value_matches_the_formula", "gradient_matches_autograd"]


class RMSELoss(nn.Module):
    def __init__(self, eps=1e-6):
        super().__init__()
        self.eps = eps

    def forward(self, yhat, y):
        if yhat.shape != y.shape:
            raise ValueError(f"shapes differ: {tuple(yhat.shape)} vs {tuple(y.shape)}")
        return torch.sqrt(((yhat - y) ** 2).mean(dim=-1) + self.eps).mean()
