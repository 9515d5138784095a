"""Right: forward applies .relu_() in place to each hidden layer's fresh output (never to the caller's x), before the next layer."""


class MLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        sizes = list(sizes)
        if len(sizes) < 2:
            raise ValueError(f"an MLP needs at least two sizes, got {sizes}")
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in pairwise(sizes))

    def forward(self, x):
        for i, layer in enumerate(self.layers):
            if i > 0:
                x.relu_()
            x = layer(x)
        return x
