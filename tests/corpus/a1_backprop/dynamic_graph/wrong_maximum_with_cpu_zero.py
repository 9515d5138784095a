"""Wrong: the ReLU is torch.maximum(h, torch.tensor([0.0])), a 1-element tensor made on the CPU (only a 0-d CPU tensor may meet a GPU tensor)."""

CAUGHT_BY = ["works_on_any_device"]


class DynamicNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.input_linear = nn.Linear(D_in, H)
        self.middle_linear = nn.Linear(H, H)
        self.output_linear = nn.Linear(H, D_out)

    def forward(self, x, repeats):
        if repeats < 0:
            raise ValueError(f"repeats must be >= 0, got {repeats}")
        zero = torch.tensor([0.0])
        h = torch.maximum(self.input_linear(x), zero)
        for _ in range(repeats):
            h = torch.maximum(self.middle_linear(h), zero)
        return self.output_linear(h)
