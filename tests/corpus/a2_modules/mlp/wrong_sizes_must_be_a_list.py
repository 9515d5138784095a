"""Wrong: __init__ raises TypeError unless sizes is a list (isinstance(sizes, list)), though the contract types it Sequence[int]: a tuple or a range is refused."""

CAUGHT_BY = ["sizes_may_be_any_sequence"]


class MLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        if not isinstance(sizes, list):
            raise TypeError(f"sizes must be a list, got {type(sizes).__name__}")
        if len(sizes) < 2:
            raise ValueError(f"an MLP needs at least two sizes, got {sizes}")
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in pairwise(sizes))

    def forward(self, x):
        *hidden, last = self.layers
        for layer in hidden:
            x = torch.relu(layer(x))
        return last(x)
