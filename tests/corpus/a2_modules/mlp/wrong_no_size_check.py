"""Wrong: __init__ never checks the sizes, so MLP([]) and MLP([3]) build a net with no layers instead of raising ValueError."""

CAUGHT_BY = ["fewer_than_two_sizes_raise_value_error"]


class MLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in pairwise(sizes))

    def forward(self, x):
        *hidden, last = self.layers
        for layer in hidden:
            x = torch.relu(layer(x))
        return last(x)
