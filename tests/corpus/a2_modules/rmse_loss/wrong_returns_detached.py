"""Wrong: returns loss.detach(): the value is right but the loss is cut off from the graph, so backward() gives no gradient."""

CAUGHT_BY = [
    "result_stays_attached_to_the_graph",
    "gradient_matches_autograd",
    "gradient_is_finite_at_a_perfect_fit",
]


class RMSELoss(nn.Module):
    def __init__(self, eps=1e-6):
        super().__init__()
        self.eps = eps

    def forward(self, yhat, y):
        if yhat.shape != y.shape:
            raise ValueError(f"shapes differ: {tuple(yhat.shape)} vs {tuple(y.shape)}")
        return torch.sqrt(torch.mean((yhat - y) ** 2) + self.eps).detach()
