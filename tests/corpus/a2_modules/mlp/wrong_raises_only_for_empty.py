"""Wrong: only an empty list of sizes raises ValueError; a single size builds a net with no layers."""

CAUGHT_BY = ["fewer_than_two_sizes_raise_value_error"]


class MLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        sizes = list(sizes)
        if not sizes:
            raise ValueError("an MLP needs sizes")
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in pairwise(sizes))

    def forward(self, x):
        *hidden, last = self.layers
        for layer in hidden:
            x = torch.relu(layer(x))
        return last(x)
