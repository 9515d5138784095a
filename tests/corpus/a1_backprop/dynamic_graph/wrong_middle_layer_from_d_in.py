"""Wrong: the middle layer is nn.Linear(D_in, H), copied from the input layer, instead of nn.Linear(H, H)."""

CAUGHT_BY = ["has_the_three_layers", "has_a_fixed_parameter_set"]


class DynamicNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.input_linear = nn.Linear(D_in, H)
        self.middle_linear = nn.Linear(D_in, H)
        self.output_linear = nn.Linear(H, D_out)

    def forward(self, x, repeats):
        if repeats < 0:
            raise ValueError(f"repeats must be >= 0, got {repeats}")
        h = torch.relu(self.input_linear(x))
        for _ in range(repeats):
            h = torch.relu(self.middle_linear(h))
        return self.output_linear(h)
