"""Wrong: checks the shapes with assert, which raises AssertionError (and is skipped under python -O) instead of ValueError."""

CAUGHT_BY = ["mismatched_shapes_raise_value_error"]


class RMSELoss(nn.Module):
    def __init__(self, eps=1e-6):
        super().__init__()
        self.eps = eps

    def forward(self, yhat, y):
        assert yhat.shape == y.shape, "shapes differ"
        return torch.sqrt(torch.mean((yhat - y) ** 2) + self.eps)
