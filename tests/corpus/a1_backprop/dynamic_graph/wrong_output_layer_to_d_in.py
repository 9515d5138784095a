"""Wrong: the output layer maps back to the input size, nn.Linear(H, D_in), instead of nn.Linear(H, D_out)."""

CAUGHT_BY = ["has_the_three_layers"]


class DynamicNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.input_linear = nn.Linear(D_in, H)
        self.middle_linear = nn.Linear(H, H)
        self.output_linear = nn.Linear(H, D_in)

    def forward(self, x, repeats):
        if repeats < 0:
            raise ValueError(f"repeats must be >= 0, got {repeats}")
        h = torch.relu(self.input_linear(x))
        for _ in range(repeats):
            h = torch.relu(self.middle_linear(h))
        return self.output_linear(h)
