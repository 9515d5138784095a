"""Wrong: the formula lives in a helper decorated with functools.lru_cache; tensors hash by identity, so a call on the same tensors after their values changed in place returns the stale loss (and the cache keeps every input alive)."""

import functools

CAUGHT_BY = ["calls_keep_no_state"]


@functools.lru_cache(maxsize=None)
def _rmse(yhat, y, eps):
    return torch.sqrt(torch.mean((yhat - y) ** 2) + eps)


class RMSELoss(nn.Module):
    def __init__(self, eps=1e-6):
        super().__init__()
        self.eps = eps

    def forward(self, yhat, y):
        if yhat.shape != y.shape:
            raise ValueError(f"yhat has shape {tuple(yhat.shape)} but y has shape {tuple(y.shape)}")
        return _rmse(yhat, y, self.eps)
