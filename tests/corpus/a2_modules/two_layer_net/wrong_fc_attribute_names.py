"""Wrong: the layers are named fc1 and fc2 (as in many tutorials) instead of linear1 and linear2."""

CAUGHT_BY = [
    "has_two_linear_layers",
    "parameters_are_registered",
    "to_moves_every_parameter",
    "forward_matches_functional_reference",
    "rows_do_not_influence_each_other",
    "forward_leaves_input_unchanged",
]


class TwoLayerNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.fc1 = nn.Linear(D_in, H)
        self.fc2 = nn.Linear(H, D_out)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))
