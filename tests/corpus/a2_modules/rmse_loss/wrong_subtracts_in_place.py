"""Wrong: takes the difference in place, yhat -= y, to save memory: the caller's predictions are overwritten (and a yhat that requires grad makes it raise)."""

CAUGHT_BY = ["value_matches_the_formula", "gradient_matches_autograd"]


class RMSELoss(nn.Module):
    def __init__(self, eps=1e-6):
        super().__init__()
        self.eps = eps

    def forward(self, yhat, y):
        if yhat.shape != y.shape:
            raise ValueError(f"shapes {tuple(yhat.shape)} and {tuple(y.shape)} differ")
        yhat -= y
        return torch.sqrt(torch.mean(yhat**2) + self.eps)
