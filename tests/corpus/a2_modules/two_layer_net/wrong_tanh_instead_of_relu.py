"""Wrong: the hidden activation is tanh instead of ReLU."""

CAUGHT_BY = ["forward_matches_functional_reference"]


class TwoLayerNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.linear1 = nn.Linear(D_in, H)
        self.linear2 = nn.Linear(H, D_out)

    def forward(self, x):
        return self.linear2(torch.tanh(self.linear1(x)))
