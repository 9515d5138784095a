"""Wrong: __init__ spells the sizes out as [sizes[0]] + sizes[1:-1] + [sizes[-1]] (input, hidden, output): a list cannot be added to a tuple or a range slice, so only a list of sizes works."""

CAUGHT_BY = ["sizes_may_be_any_sequence"]


class MLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        if len(sizes) < 2:
            raise ValueError(f"an MLP needs at least two sizes, got {sizes}")
        dims = [sizes[0]] + sizes[1:-1] + [sizes[-1]]
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(dims, dims[1:]))

    def forward(self, x):
        *hidden, last = self.layers
        for layer in hidden:
            x = torch.relu(layer(x))
        return last(x)
