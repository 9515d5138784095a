"""Right: __init__ reads the sizes in one pass with an iterator (prev = next(it), then one layer per further size) and counts the layers to reject fewer than two sizes."""


class MLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        it = iter(sizes)
        prev = next(it, None)
        self.layers = nn.ModuleList()
        for size in it:
            self.layers.append(nn.Linear(prev, size))
            prev = size
        if len(self.layers) == 0:
            raise ValueError("an MLP needs at least two sizes")

    def forward(self, x):
        *hidden, last = self.layers
        for layer in hidden:
            x = torch.relu(layer(x))
        return last(x)
