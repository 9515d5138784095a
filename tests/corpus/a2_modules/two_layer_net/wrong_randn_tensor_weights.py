"""Wrong: linear2 is hand-made from torch.randn tensors, not nn.Parameters: they are not registered and .to() leaves them behind."""

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
        self.linear1 = nn.Linear(D_in, H)
        self.weight2 = torch.randn(D_out, H) / H**0.5
        self.bias2 = torch.zeros(D_out)

    def forward(self, x):
        return torch.relu(self.linear1(x)) @ self.weight2.T + self.bias2
