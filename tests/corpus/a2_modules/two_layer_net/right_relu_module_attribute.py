"""Right: the activation is an nn.ReLU() attribute (it adds no parameters)."""


class TwoLayerNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.linear1 = nn.Linear(D_in, H)
        self.relu = nn.ReLU()
        self.linear2 = nn.Linear(H, D_out)

    def forward(self, x):
        return self.linear2(self.relu(self.linear1(x)))
