"""Wrong: the default eps is 1e-8 instead of 1e-6."""

CAUGHT_BY = ["eps_is_honoured"]


class RMSELoss(nn.Module):
    def __init__(self, eps=1e-8):
        super().__init__()
        self.eps = eps

    def forward(self, yhat, y):
        if yhat.shape != y.shape:
            raise ValueError(f"shapes differ: {tuple(yhat.shape)} vs {tuple(y.shape)}")
        return torch.sqrt(torch.mean((yhat - y) ** 2) + self.eps)
