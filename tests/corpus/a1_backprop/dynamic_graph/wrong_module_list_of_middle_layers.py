"""Wrong: middle_linear is an nn.ModuleList of separate H-by-H layers, one per repeat, so no weights are shared."""

CAUGHT_BY = ["has_the_three_layers", "has_a_fixed_parameter_set"]


class DynamicNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.input_linear = nn.Linear(D_in, H)
        self.middle_linear = nn.ModuleList([nn.Linear(H, H) for _ in range(3)])
        self.output_linear = nn.Linear(H, D_out)

    def forward(self, x, repeats):
        if repeats < 0:
            raise ValueError(f"repeats must be >= 0, got {repeats}")
        h = torch.relu(self.input_linear(x))
        for i in range(repeats):
            h = torch.relu(self.middle_linear[i % 3](h))
        return self.output_linear(h)
