"""Wrong: forward memoises its result in a module-level dict keyed by the inputs' shape ("the same batch shape gives the same loss"), so a second call with new values of the same shape returns the first call's loss."""

CAUGHT_BY = ["calls_keep_no_state"]

_cache = {}


class RMSELoss(nn.Module):
    def __init__(self, eps=1e-6):
        super().__init__()
        self.eps = eps

    def forward(self, yhat, y):
        if yhat.shape != y.shape:
            raise ValueError(f"yhat has shape {tuple(yhat.shape)} but y has shape {tuple(y.shape)}")
        key = (tuple(yhat.shape), yhat.dtype, yhat.device)
        if key not in _cache:
            _cache[key] = torch.sqrt(torch.mean((yhat - y) ** 2) + self.eps)
        return _cache[key]
