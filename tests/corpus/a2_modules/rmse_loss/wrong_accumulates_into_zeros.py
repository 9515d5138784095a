"""Wrong: sums the squared errors into total = torch.zeros(1, dtype=yhat.dtype), made without device=, so on a GPU the loss ends up on the CPU."""

CAUGHT_BY = ["works_on_any_device"]


class RMSELoss(nn.Module):
    def __init__(self, eps=1e-6):
        super().__init__()
        self.eps = eps

    def forward(self, yhat, y):
        if yhat.shape != y.shape:
            raise ValueError(f"shapes {tuple(yhat.shape)} and {tuple(y.shape)} differ")
        total = torch.zeros(1, dtype=yhat.dtype)
        total += ((yhat - y) ** 2).sum()
        return torch.sqrt(total / yhat.numel() + self.eps).squeeze(0)
