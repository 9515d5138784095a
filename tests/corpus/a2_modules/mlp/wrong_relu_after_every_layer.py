"""Wrong: a ReLU follows every layer, the last included, so negative outputs are clipped to zero."""

CAUGHT_BY = ["forward_matches_functional_reference"]


class MLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        sizes = list(sizes)
        if len(sizes) < 2:
            raise ValueError(f"an MLP needs at least two sizes, got {sizes}")
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in pairwise(sizes))

    def forward(self, x):
        for layer in self.layers:
            x = torch.relu(layer(x))
        return x
