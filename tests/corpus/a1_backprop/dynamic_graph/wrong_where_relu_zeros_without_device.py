"""Wrong: the ReLU is written as torch.where(h > 0, h, torch.zeros(h.shape)), a tensor made without device=, so on a GPU the model mixes devices."""

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
        h = self.input_linear(x)
        h = torch.where(h > 0, h, torch.zeros(h.shape))
        for _ in range(repeats):
            h = self.middle_linear(h)
            h = torch.where(h > 0, h, torch.zeros(h.shape))
        return self.output_linear(h)
