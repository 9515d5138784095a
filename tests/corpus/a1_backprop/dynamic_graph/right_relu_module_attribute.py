"""Right: the activation is an nn.ReLU() module stored as an attribute (it has no parameters)."""


class DynamicNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.input_linear = nn.Linear(D_in, H)
        self.middle_linear = nn.Linear(H, H)
        self.output_linear = nn.Linear(H, D_out)
        self.act = nn.ReLU()

    def forward(self, x, repeats):
        if repeats < 0:
            raise ValueError(f"negative repeats: {repeats}")
        h = self.act(self.input_linear(x))
        for _ in range(repeats):
            h = self.act(self.middle_linear(h))
        return self.output_linear(h)
