"""Wrong: self.layers is a plain Python list, so nn.Module never registers the layers."""

CAUGHT_BY = [
    "layers_live_in_a_module_list",
    "parameters_are_registered",
    "to_moves_every_parameter",
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
        self.layers = [nn.Linear(a, b) for a, b in pairwise(sizes)]

    def forward(self, x):
        *hidden, last = self.layers
        for layer in hidden:
            x = torch.relu(layer(x))
        return last(x)
