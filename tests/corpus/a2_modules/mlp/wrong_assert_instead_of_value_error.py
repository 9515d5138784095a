"""Wrong: too few sizes are rejected with assert, which raises AssertionError, not ValueError."""

CAUGHT_BY = ["fewer_than_two_sizes_raise_value_error"]


class MLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        sizes = list(sizes)
        assert len(sizes) >= 2, f"an MLP needs at least two sizes, got {sizes}"
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in pairwise(sizes))

    def forward(self, x):
        *hidden, last = self.layers
        for layer in hidden:
            x = torch.relu(layer(x))
        return last(x)
