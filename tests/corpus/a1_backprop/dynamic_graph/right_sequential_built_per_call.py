"""Right: forward builds a local nn.Sequential holding the same middle_linear and a ReLU repeats times (not stored on self)."""


class DynamicNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.input_linear = nn.Linear(D_in, H)
        self.middle_linear = nn.Linear(H, H)
        self.output_linear = nn.Linear(H, D_out)

    def forward(self, x, repeats):
        if repeats < 0:
            raise ValueError("repeats must be >= 0")
        body = nn.Sequential(*[m for _ in range(repeats) for m in (self.middle_linear, nn.ReLU())])
        return self.output_linear(body(torch.relu(self.input_linear(x))))
