"""Wrong: a weighted mean with weights torch.ones(yhat.shape, dtype=yhat.dtype), made without device= (on a GPU they sit on the CPU and the product fails)."""

CAUGHT_BY = ["works_on_any_device"]


class RMSELoss(nn.Module):
    def __init__(self, eps=1e-6):
        super().__init__()
        self.eps = eps

    def forward(self, yhat, y):
        if yhat.shape != y.shape:
            raise ValueError(f"shapes {tuple(yhat.shape)} and {tuple(y.shape)} differ")
        weights = torch.ones(yhat.shape, dtype=yhat.dtype)
        mse = (weights * (yhat - y) ** 2).sum() / weights.sum()
        return torch.sqrt(mse + self.eps)
