"""Right: divides the sum of squares by numel() and takes the root with ** 0.5; compares shapes with yhat.size() != y.size()."""


class RMSELoss(nn.Module):
    def __init__(self, eps: float = 1e-6):
        super().__init__()
        self.eps = eps

    def forward(self, yhat, y):
        if yhat.size() != y.size():
            raise ValueError("yhat and y must have the same shape")
        return ((yhat - y).pow(2).sum() / yhat.numel() + self.eps) ** 0.5
