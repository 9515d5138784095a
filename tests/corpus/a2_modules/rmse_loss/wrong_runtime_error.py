"""Wrong: raises RuntimeError instead of ValueError when the shapes differ."""

CAUGHT_BY = ["mismatched_shapes_raise_value_error"]


class RMSELoss(nn.Module):
    def __init__(self, eps=1e-6):
        super().__init__()
        self.eps = eps

    def forward(self, yhat, y):
        if yhat.shape != y.shape:
            raise RuntimeError("shapes differ")
        return torch.sqrt(torch.mean((yhat - y) ** 2) + self.eps)
