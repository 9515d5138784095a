"""Wrong: compares yhat.numel() with y.numel() instead of the shapes, so (1, 3) against (3, 1) (same count, broadcasting to (3, 3)) is not rejected."""

CAUGHT_BY = ["mismatched_shapes_raise_value_error"]


class RMSELoss(nn.Module):
    def __init__(self, eps=1e-6):
        super().__init__()
        self.eps = eps

    def forward(self, yhat, y):
        if yhat.numel() != y.numel():
            raise ValueError("yhat and y have different sizes")
        return torch.sqrt(torch.mean((yhat - y) ** 2) + self.eps)
