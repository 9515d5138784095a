"""Wrong: every layer is built with nn.Linear(a, b, dtype=torch.float64), so a plain MLP(sizes) holds float64 parameters instead of torch's default dtype."""

CAUGHT_BY = ["plain_constructor_uses_default_dtype"]


class MLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        sizes = list(sizes)
        if len(sizes) < 2:
            raise ValueError(f"an MLP needs at least two sizes, got {sizes}")
        self.layers = nn.ModuleList(nn.Linear(a, b, dtype=torch.float64) for a, b in pairwise(sizes))

    def forward(self, x):
        *hidden, last = self.layers
        for layer in hidden:
            x = torch.relu(layer(x))
        return last(x)
