"""Wrong: returns the mean error mean(yhat - y), without squaring (or rooting), which is negative when yhat is below y and changes sign when the arguments are swapped."""

CAUGHT_BY = [
    "is_non_negative",
    "is_symmetric",
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
        return torch.mean(yhat - y)
