"""Wrong: linear2 is created with bias=False, so the net has no linear2.bias."""

CAUGHT_BY = [
    "parameters_are_registered",
    "to_moves_every_parameter",
    "forward_matches_functional_reference",
    "rows_do_not_influence_each_other",
    "forward_leaves_input_unchanged",
]


class TwoLayerNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.linear1 = nn.Linear(D_in, H)
        self.linear2 = nn.Linear(H, D_out, bias=False)

    def forward(self, x):
        return self.linear2(torch.relu(self.linear1(x)))
