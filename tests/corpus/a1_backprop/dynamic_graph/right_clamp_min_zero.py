"""Right: the ReLU is written as clamp(min=0)."""


class DynamicNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.input_linear = nn.Linear(D_in, H)
        self.middle_linear = nn.Linear(H, H)
        self.output_linear = nn.Linear(H, D_out)

    def forward(self, x, repeats):
        if repeats < 0:
            raise ValueError("repeats must be >= 0")
        h = self.input_linear(x).clamp(min=0)
        for _ in range(repeats):
            h = self.middle_linear(h).clamp(min=0)
        return self.output_linear(h)
