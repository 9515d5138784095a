"""Wrong: forward returns its result cast with .float(), so float64 inputs give a float32 output."""

CAUGHT_BY = ["forward_matches_functional_reference"]


class TwoLayerNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.linear1 = nn.Linear(D_in, H)
        self.linear2 = nn.Linear(H, D_out)

    def forward(self, x):
        return self.linear2(torch.relu(self.linear1(x))).float()
