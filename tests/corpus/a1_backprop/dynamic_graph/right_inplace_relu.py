"""Right: the ReLU is applied in place (relu_) on each linear layer's fresh output, which autograd allows."""


class DynamicNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.input_linear = nn.Linear(D_in, H)
        self.middle_linear = nn.Linear(H, H)
        self.output_linear = nn.Linear(H, D_out)

    def forward(self, x, repeats):
        if repeats < 0:
            raise ValueError("repeats must be >= 0")
        h = self.input_linear(x).relu_()
        for _ in range(repeats):
            h = self.middle_linear(h)
            torch.relu_(h)
        return self.output_linear(h)
