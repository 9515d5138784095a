"""Wrong: forward keeps the difference yhat - y on self and recomputes it only when the shape changes ("to save an allocation"), so a second call of the same shape reuses the first call's errors."""

CAUGHT_BY = ["calls_keep_no_state"]


class RMSELoss(nn.Module):
    def __init__(self, eps=1e-6):
        super().__init__()
        self.eps = eps
        self._diff = None

    def forward(self, yhat, y):
        if yhat.shape != y.shape:
            raise ValueError(f"yhat has shape {tuple(yhat.shape)} but y has shape {tuple(y.shape)}")
        if self._diff is None or self._diff.shape != yhat.shape:
            self._diff = yhat - y
        return torch.sqrt(torch.mean(self._diff ** 2) + self.eps)
