"""Wrong: forward registers a new layer on the module for each repeat (add_module), so the parameter set grows with every call."""

CAUGHT_BY = ["has_a_fixed_parameter_set"]


class DynamicNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.input_linear = nn.Linear(D_in, H)
        self.middle_linear = nn.Linear(H, H)
        self.output_linear = nn.Linear(H, D_out)
        self.calls = 0

    def forward(self, x, repeats):
        if repeats < 0:
            raise ValueError(f"repeats must be >= 0, got {repeats}")
        h = torch.relu(self.input_linear(x))
        for i in range(repeats):
            layer = nn.Linear(h.shape[1], h.shape[1]).to(dtype=h.dtype, device=h.device)
            self.add_module(f"repeat_{self.calls}_{i}", layer)
            h = torch.relu(layer(h))
        self.calls += 1
        return self.output_linear(h)
