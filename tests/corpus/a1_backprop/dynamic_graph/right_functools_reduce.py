"""Right: the repeated layer is applied with functools.reduce over range(repeats)."""

import functools


class DynamicNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.input_linear = nn.Linear(D_in, H)
        self.middle_linear = nn.Linear(H, H)
        self.output_linear = nn.Linear(H, D_out)

    def forward(self, x, repeats):
        if repeats < 0:
            raise ValueError("repeats must be >= 0")
        start = torch.relu(self.input_linear(x))
        h = functools.reduce(lambda h, _: torch.relu(self.middle_linear(h)), range(repeats), start)
        return self.output_linear(h)
