"""Wrong: forward casts the input with x.float(), so a module moved to float64 meets a float32 input and raises a dtype error."""

CAUGHT_BY = [
    "forward_matches_functional_reference",
    "rows_do_not_influence_each_other",
    "forward_leaves_input_unchanged",
]


class TwoLayerNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.linear1 = nn.Linear(D_in, H)
        self.linear2 = nn.Linear(H, D_out)

    def forward(self, x):
        x = x.float()
        return self.linear2(torch.relu(self.linear1(x)))
