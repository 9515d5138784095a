"""Wrong: forward scales each input row to unit length in place, x /= x.norm(dim=1, keepdim=True): the caller's x is overwritten (and the result changes)."""

CAUGHT_BY = ["forward_leaves_input_unchanged", "forward_matches_functional_reference"]


class MLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        sizes = list(sizes)
        if len(sizes) < 2:
            raise ValueError(f"an MLP needs at least two sizes, got {sizes}")
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in pairwise(sizes))

    def forward(self, x):
        x /= x.norm(dim=1, keepdim=True)
        *hidden, last = self.layers
        for layer in hidden:
            x = torch.relu(layer(x))
        return last(x)
