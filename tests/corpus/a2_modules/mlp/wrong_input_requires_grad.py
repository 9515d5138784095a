"""Wrong: forward calls x.requires_grad_(True) on the caller's input "so autograd tracks it", changing the tensor it was given."""

CAUGHT_BY = ["forward_leaves_input_unchanged"]


class MLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        sizes = list(sizes)
        if len(sizes) < 2:
            raise ValueError(f"an MLP needs at least two sizes, got {sizes}")
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in pairwise(sizes))

    def forward(self, x):
        x.requires_grad_(True)
        *hidden, last = self.layers
        for layer in hidden:
            x = torch.relu(layer(x))
        return last(x)
