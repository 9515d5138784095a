"""Wrong: does not compare the shapes, so (N, 1) against (N,) silently broadcasts to (N, N) instead of raising ValueError."""

CAUGHT_BY = ["mismatched_shapes_raise_value_error"]


class RMSELoss(nn.Module):
    def __init__(self, eps=1e-6):
        super().__init__()
        self.eps = eps

    def forward(self, yhat, y):
        return torch.sqrt(torch.mean((yhat - y) ** 2) + self.eps)
