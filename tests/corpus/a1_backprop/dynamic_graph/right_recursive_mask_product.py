"""Right: the repeats are applied by recursion (repeats - 1 more after one use), and the ReLU is the mask product h * (h > 0)."""


class DynamicNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.input_linear = nn.Linear(D_in, H)
        self.middle_linear = nn.Linear(H, H)
        self.output_linear = nn.Linear(H, D_out)

    def _middle(self, h, repeats):
        if repeats == 0:
            return h
        h = self.middle_linear(h)
        return self._middle(h * (h > 0), repeats - 1)

    def forward(self, x, repeats):
        if repeats < 0:
            raise ValueError(f"repeats must be >= 0, got {repeats}")
        h = self.input_linear(x)
        return self.output_linear(self._middle(h * (h > 0), repeats))
