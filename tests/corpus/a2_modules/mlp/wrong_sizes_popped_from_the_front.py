"""Wrong: __init__ walks the sizes with prev = sizes.pop(0): a tuple or a range has no pop, and a list passed in is emptied down to its last size."""

CAUGHT_BY = ["sizes_may_be_any_sequence"]


class MLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        if len(sizes) < 2:
            raise ValueError(f"an MLP needs at least two sizes, got {sizes}")
        self.layers = nn.ModuleList()
        prev = sizes.pop(0)
        while sizes:
            nxt = sizes.pop(0)
            self.layers.append(nn.Linear(prev, nxt))
            prev = nxt

    def forward(self, x):
        *hidden, last = self.layers
        for layer in hidden:
            x = torch.relu(layer(x))
        return last(x)
