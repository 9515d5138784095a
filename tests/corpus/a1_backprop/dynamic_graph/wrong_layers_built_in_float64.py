"""Wrong: the three layers are built with dtype=torch.float64 ("double precision is more accurate"), so a plain DynamicNet(...) holds float64 parameters instead of torch's default dtype."""

CAUGHT_BY = ["plain_constructor_uses_default_dtype"]


class DynamicNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.input_linear = nn.Linear(D_in, H, dtype=torch.float64)
        self.middle_linear = nn.Linear(H, H, dtype=torch.float64)
        self.output_linear = nn.Linear(H, D_out, dtype=torch.float64)

    def forward(self, x, repeats):
        if repeats < 0:
            raise ValueError(f"repeats must be >= 0, got {repeats}")
        h = torch.relu(self.input_linear(x))
        for _ in range(repeats):
            h = torch.relu(self.middle_linear(h))
        return self.output_linear(h)
