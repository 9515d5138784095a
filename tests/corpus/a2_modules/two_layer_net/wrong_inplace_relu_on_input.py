"""Wrong: forward calls x.relu_() on the input, overwriting the caller's tensor (and clipping it)."""

CAUGHT_BY = ["forward_leaves_input_unchanged", "forward_matches_functional_reference"]


class TwoLayerNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.linear1 = nn.Linear(D_in, H)
        self.linear2 = nn.Linear(H, D_out)

    def forward(self, x):
        return self.linear2(self.linear1(x.relu_()))
