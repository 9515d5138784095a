"""Wrong: __init__ builds the layers, then calls self.layers.double() ("float64 trains more stably"), so a plain MLP(sizes) holds float64 parameters instead of torch's default dtype."""

CAUGHT_BY = ["plain_constructor_uses_default_dtype"]


class MLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        sizes = list(sizes)
        if len(sizes) < 2:
            raise ValueError(f"an MLP needs at least two sizes, got {sizes}")
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in pairwise(sizes))
        self.layers.double()

    def forward(self, x):
        *hidden, last = self.layers
        for layer in hidden:
            x = torch.relu(layer(x))
        return last(x)
