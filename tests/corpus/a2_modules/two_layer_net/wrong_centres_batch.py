"""Wrong: forward centres the input over the batch (x - x.mean(0)), so each row depends on the others."""

CAUGHT_BY = ["rows_do_not_influence_each_other", "forward_matches_functional_reference"]


class TwoLayerNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.linear1 = nn.Linear(D_in, H)
        self.linear2 = nn.Linear(H, D_out)

    def forward(self, x):
        x = x - x.mean(0)
        return self.linear2(torch.relu(self.linear1(x)))
