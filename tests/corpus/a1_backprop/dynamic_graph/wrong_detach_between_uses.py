"""Wrong: h is detached before each use of the middle layer, so only the last use contributes a gradient."""

CAUGHT_BY = ["shared_layer_gradient_is_sum_over_uses"]


class DynamicNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.input_linear = nn.Linear(D_in, H)
        self.middle_linear = nn.Linear(H, H)
        self.output_linear = nn.Linear(H, D_out)

    def forward(self, x, repeats):
        if repeats < 0:
            raise ValueError(f"repeats must be >= 0, got {repeats}")
        h = torch.relu(self.input_linear(x))
        for _ in range(repeats):
            h = torch.relu(self.middle_linear(h.detach()))
        return self.output_linear(h)
