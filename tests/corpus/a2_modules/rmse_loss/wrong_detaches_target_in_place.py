"""Wrong: calls y.detach_() because "the target needs no gradient": the caller's y stops requiring grad, and its gradient is lost."""

CAUGHT_BY = ["gradient_matches_autograd"]


class RMSELoss(nn.Module):
    def __init__(self, eps=1e-6):
        super().__init__()
        self.eps = eps

    def forward(self, yhat, y):
        if yhat.shape != y.shape:
            raise ValueError(f"shapes {tuple(yhat.shape)} and {tuple(y.shape)} differ")
        y.detach_()
        return torch.sqrt(torch.mean((yhat - y) ** 2) + self.eps)
