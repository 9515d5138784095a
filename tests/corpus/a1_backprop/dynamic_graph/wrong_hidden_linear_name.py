"""Wrong: the middle layer is stored as hidden_linear instead of middle_linear."""

CAUGHT_BY = ["has_the_three_layers"]


class DynamicNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.input_linear = nn.Linear(D_in, H)
        self.hidden_linear = nn.Linear(H, H)
        self.output_linear = nn.Linear(H, D_out)

    def forward(self, x, repeats):
        if repeats < 0:
            raise ValueError(f"repeats must be >= 0, got {repeats}")
        h = torch.relu(self.input_linear(x))
        for _ in range(repeats):
            h = torch.relu(self.hidden_linear(h))
        return self.output_linear(h)
