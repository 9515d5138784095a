"""Wrong: forward applies the ReLU in place to the input, self.input_linear(x.relu_()), instead of to the layer's output, overwriting the caller's x."""

CAUGHT_BY = ["forward_matches_reference", "zero_repeats_skip_the_middle_layer"]


class DynamicNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.input_linear = nn.Linear(D_in, H)
        self.middle_linear = nn.Linear(H, H)
        self.output_linear = nn.Linear(H, D_out)

    def forward(self, x, repeats):
        if repeats < 0:
            raise ValueError(f"repeats must be >= 0, got {repeats}")
        h = self.input_linear(x.relu_())
        for _ in range(repeats):
            h = self.middle_linear(h.relu_())
        return self.output_linear(h.relu_())
