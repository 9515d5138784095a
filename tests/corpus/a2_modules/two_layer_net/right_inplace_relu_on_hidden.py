"""Right: the ReLU is applied in place, but on the hidden activations, never on the input."""


class TwoLayerNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.linear1 = nn.Linear(D_in, H)
        self.linear2 = nn.Linear(H, D_out)

    def forward(self, x):
        h = self.linear1(x)
        h.relu_()
        return self.linear2(h)
