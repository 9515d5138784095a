"""Wrong: forward casts the input with x.float(), so a module moved to float64 meets a float32 input and raises a dtype error."""

CAUGHT_BY = [
    "forward_matches_functional_reference",
    "rows_do_not_influence_each_other",
    "forward_leaves_input_unchanged",
]


class MLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        sizes = list(sizes)
        if len(sizes) < 2:
            raise ValueError(f"an MLP needs at least two sizes, got {sizes}")
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in pairwise(sizes))

    def forward(self, x):
        x = x.float()
        *hidden, last = self.layers
        for layer in hidden:
            x = torch.relu(layer(x))
        return last(x)
