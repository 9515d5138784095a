"""Wrong: the ReLU goes before every layer but the first (index test off by one), so the last layer's output is clipped and the first layer's is not."""

CAUGHT_BY = ["forward_matches_functional_reference"]


class MLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        sizes = list(sizes)
        if len(sizes) < 2:
            raise ValueError(f"an MLP needs at least two sizes, got {sizes}")
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in pairwise(sizes))

    def forward(self, x):
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i > 0:
                x = torch.relu(x)
        return x
