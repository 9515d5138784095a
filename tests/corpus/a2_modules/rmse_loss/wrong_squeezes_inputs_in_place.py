"""Wrong: squeezes yhat and y in place (yhat.squeeze_(), y.squeeze_()) to dodge (N, 1) against (N,) broadcasting: the caller's tensors change shape, and those shapes no longer raise ValueError."""

CAUGHT_BY = ["mismatched_shapes_raise_value_error", "value_matches_the_formula"]


class RMSELoss(nn.Module):
    def __init__(self, eps=1e-6):
        super().__init__()
        self.eps = eps

    def forward(self, yhat, y):
        yhat.squeeze_()
        y.squeeze_()
        if yhat.shape != y.shape:
            raise ValueError(f"shapes {tuple(yhat.shape)} and {tuple(y.shape)} differ")
        return torch.sqrt(torch.mean((yhat - y) ** 2) + self.eps)
