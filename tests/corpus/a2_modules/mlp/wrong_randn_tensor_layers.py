"""Wrong: the layers are hand-made with torch.randn tensors instead of nn.Linear (no nn.Parameter), so nothing is registered and .to() moves nothing."""

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
        self.weights = [torch.randn(b, a) / a**0.5 for a, b in pairwise(sizes)]
        self.biases = [torch.zeros(b) for b in sizes[1:]]

    def forward(self, x):
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            x = x @ w.T + b
            if i < len(self.weights) - 1:
                x = torch.relu(x)
        return x
