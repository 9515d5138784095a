"""Right: a while loop counting repeats down to zero instead of a for loop over range."""


class DynamicNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.input_linear = nn.Linear(D_in, H)
        self.middle_linear = nn.Linear(H, H)
        self.output_linear = nn.Linear(H, D_out)

    def forward(self, x, repeats):
        if repeats < 0:
            raise ValueError("repeats must be >= 0")
        h = self.input_linear(x).relu()
        remaining = repeats
        while remaining > 0:
            h = self.middle_linear(h).relu()
            remaining -= 1
        return self.output_linear(h)
