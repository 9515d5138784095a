"""Right: __init__ freezes the sizes with tuple(sizes) first, then pairs them with zip(sizes, sizes[1:]); any sequence works and the caller's one is untouched."""


class MLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        sizes = tuple(sizes)
        if len(sizes) < 2:
            raise ValueError(f"an MLP needs at least two sizes, got {sizes}")
        self.layers = nn.ModuleList([nn.Linear(a, b) for a, b in zip(sizes, sizes[1:])])

    def forward(self, x):
        *hidden, last = self.layers
        for layer in hidden:
            x = torch.relu(layer(x))
        return last(x)
