"""Wrong: linear1 and linear2 are built with dtype=torch.float64, so a plain TwoLayerNet(...) holds float64 parameters instead of torch's default dtype."""

CAUGHT_BY = ["plain_constructor_uses_default_dtype"]


class TwoLayerNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.linear1 = nn.Linear(D_in, H, dtype=torch.float64)
        self.linear2 = nn.Linear(H, D_out, dtype=torch.float64)

    def forward(self, x):
        return self.linear2(torch.relu(self.linear1(x)))
