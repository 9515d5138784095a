"""Wrong: a ReLU is applied after linear2 as well, so negative outputs are clipped to zero."""

CAUGHT_BY = ["forward_matches_functional_reference"]


class TwoLayerNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.linear1 = nn.Linear(D_in, H)
        self.linear2 = nn.Linear(H, D_out)

    def forward(self, x):
        return torch.relu(self.linear2(torch.relu(self.linear1(x))))
