"""Wrong: forward clears yhat.grad and y.grad "because gradients accumulate": the caller's gradients from an earlier backward are thrown away (the contract: not their .grad)."""

CAUGHT_BY = ["value_matches_the_formula"]


class RMSELoss(nn.Module):
    def __init__(self, eps=1e-6):
        super().__init__()
        self.eps = eps

    def forward(self, yhat, y):
        if yhat.shape != y.shape:
            raise ValueError(f"shapes {tuple(yhat.shape)} and {tuple(y.shape)} differ")
        yhat.grad = None
        y.grad = None
        return torch.sqrt(torch.mean((yhat - y) ** 2) + self.eps)
