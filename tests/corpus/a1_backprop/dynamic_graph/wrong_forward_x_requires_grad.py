"""Wrong: forward calls x.requires_grad_() "so the graph starts at the input", switching on requires_grad for the caller's x."""

CAUGHT_BY = ["forward_matches_reference", "shared_layer_gradient_is_sum_over_uses"]


class DynamicNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.input_linear = nn.Linear(D_in, H)
        self.middle_linear = nn.Linear(H, H)
        self.output_linear = nn.Linear(H, D_out)

    def forward(self, x, repeats):
        if repeats < 0:
            raise ValueError(f"repeats must be >= 0, got {repeats}")
        x.requires_grad_()
        h = torch.relu(self.input_linear(x))
        for _ in range(repeats):
            h = torch.relu(self.middle_linear(h))
        return self.output_linear(h)
