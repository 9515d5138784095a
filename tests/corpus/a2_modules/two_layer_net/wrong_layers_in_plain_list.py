"""Wrong: the layers are kept in a plain Python list, so nn.Module never registers them."""

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
        self.layers = [nn.Linear(D_in, H), nn.Linear(H, D_out)]

    def forward(self, x):
        first, second = self.layers
        return second(torch.relu(first(x)))
