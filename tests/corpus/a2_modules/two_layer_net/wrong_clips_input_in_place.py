"""Wrong: forward clips the input to [-1, 1] with x.clamp_(-1, 1), overwriting the caller's tensor (and changing the result)."""

CAUGHT_BY = ["forward_leaves_input_unchanged", "forward_matches_functional_reference"]


class TwoLayerNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.linear1 = nn.Linear(D_in, H)
        self.linear2 = nn.Linear(H, D_out)

    def forward(self, x):
        x.clamp_(-1, 1)
        return self.linear2(torch.relu(self.linear1(x)))
