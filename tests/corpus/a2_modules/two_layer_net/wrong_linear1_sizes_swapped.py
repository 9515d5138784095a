"""Wrong: linear1 is nn.Linear(H, D_in), its sizes swapped; it only fits when D_in == H."""

CAUGHT_BY = [
    "has_two_linear_layers",
    "parameters_are_registered",
    "forward_matches_functional_reference",
    "rows_do_not_influence_each_other",
    "forward_leaves_input_unchanged",
]


class TwoLayerNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.linear1 = nn.Linear(H, D_in)
        self.linear2 = nn.Linear(H, D_out)

    def forward(self, x):
        return self.linear2(torch.relu(self.linear1(x)))
