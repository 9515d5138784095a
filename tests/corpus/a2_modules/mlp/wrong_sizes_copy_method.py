"""Wrong: __init__ starts with sizes = sizes.copy() ("never touch the caller's list"), which only lists have: a tuple or a range of sizes raises AttributeError."""

CAUGHT_BY = ["sizes_may_be_any_sequence"]


class MLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        sizes = sizes.copy()
        if len(sizes) < 2:
            raise ValueError(f"an MLP needs at least two sizes, got {sizes}")
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in pairwise(sizes))

    def forward(self, x):
        *hidden, last = self.layers
        for layer in hidden:
            x = torch.relu(layer(x))
        return last(x)
