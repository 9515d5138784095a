"""Right: the activation is an nn.ReLU() attribute (it adds no parameters), and the in-place ReLU is applied to intermediates only."""


class MLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        sizes = list(sizes)
        if len(sizes) < 2:
            raise ValueError(f"an MLP needs at least two sizes, got {sizes}")
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in pairwise(sizes))
        self.act = nn.ReLU(inplace=True)

    def forward(self, x):
        for i, layer in enumerate(self.layers):
            if i:
                x = self.act(x)
            x = layer(x)
        return x
