"""Right: eps is added as torch.tensor(self.eps, dtype=yhat.dtype), a 0-d tensor made without device=, which any device accepts."""


class RMSELoss(nn.Module):
    def __init__(self, eps=1e-6):
        super().__init__()
        self.eps = eps

    def forward(self, yhat, y):
        if yhat.shape != y.shape:
            raise ValueError(f"shapes {tuple(yhat.shape)} and {tuple(y.shape)} differ")
        mse = torch.mean((yhat - y) ** 2)
        return torch.sqrt(mse + torch.tensor(self.eps, dtype=yhat.dtype))
