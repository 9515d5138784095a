"""Right: the sum of squares as the dot product of the flattened difference with itself, d @ d, divided by the number of entries; eps inside the root."""


class RMSELoss(nn.Module):
    def __init__(self, eps=1e-6):
        super().__init__()
        self.eps = eps

    def forward(self, yhat, y):
        if yhat.shape != y.shape:
            raise ValueError(f"shapes {tuple(yhat.shape)} and {tuple(y.shape)} differ")
        d = (yhat - y).reshape(-1)
        return torch.sqrt(d @ d / d.numel() + self.eps)
