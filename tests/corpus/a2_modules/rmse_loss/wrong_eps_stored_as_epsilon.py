"""Wrong: stores eps as self.epsilon, so RMSELoss(eps).eps does not exist."""

CAUGHT_BY = [
    "eps_is_honoured",
    "gradient_is_finite_at_a_perfect_fit",
    "gradient_matches_autograd",
    "result_stays_attached_to_the_graph",
]


class RMSELoss(nn.Module):
    def __init__(self, eps=1e-6):
        super().__init__()
        self.epsilon = eps

    def forward(self, yhat, y):
        if yhat.shape != y.shape:
            raise ValueError(f"shapes differ: {tuple(yhat.shape)} vs {tuple(y.shape)}")
        return torch.sqrt(torch.mean((yhat - y) ** 2) + self.epsilon)
