"""Wrong: middle_linear is created lazily on the first forward call instead of in __init__."""

CAUGHT_BY = ["has_the_three_layers", "has_a_fixed_parameter_set"]


class DynamicNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.input_linear = nn.Linear(D_in, H)
        self.output_linear = nn.Linear(H, D_out)

    def forward(self, x, repeats):
        if repeats < 0:
            raise ValueError(f"repeats must be >= 0, got {repeats}")
        h = torch.relu(self.input_linear(x))
        if not hasattr(self, "middle_linear"):
            self.middle_linear = nn.Linear(h.shape[1], h.shape[1]).to(dtype=h.dtype, device=h.device)
        for _ in range(repeats):
            h = torch.relu(self.middle_linear(h))
        return self.output_linear(h)
