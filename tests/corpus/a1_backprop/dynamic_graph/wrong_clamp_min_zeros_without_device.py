"""Wrong: the ReLU is h.clamp(min=torch.zeros(H)), a per-unit bound made without device=, so on a GPU the clamp mixes devices."""

CAUGHT_BY = ["works_on_any_device"]


class DynamicNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.input_linear = nn.Linear(D_in, H)
        self.middle_linear = nn.Linear(H, H)
        self.output_linear = nn.Linear(H, D_out)

    def forward(self, x, repeats):
        if repeats < 0:
            raise ValueError(f"repeats must be >= 0, got {repeats}")
        floor = torch.zeros(self.middle_linear.in_features, dtype=x.dtype)
        h = self.input_linear(x).clamp(min=floor)
        for _ in range(repeats):
            h = self.middle_linear(h).clamp(min=floor)
        return self.output_linear(h)
