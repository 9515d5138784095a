"""Right: a negative repeats raises a custom exception that subclasses ValueError."""


class NegativeRepeatsError(ValueError):
    pass


class DynamicNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.input_linear = nn.Linear(D_in, H)
        self.middle_linear = nn.Linear(H, H)
        self.output_linear = nn.Linear(H, D_out)

    def forward(self, x, repeats):
        if repeats < 0:
            raise NegativeRepeatsError(repeats)
        h = torch.relu(self.input_linear(x))
        for _ in range(repeats):
            h = torch.relu(self.middle_linear(h))
        return self.output_linear(h)
