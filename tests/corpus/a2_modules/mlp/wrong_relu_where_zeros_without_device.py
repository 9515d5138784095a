"""Wrong: ReLU as torch.where(h > 0, h, torch.zeros(h.shape, dtype=h.dtype)); the zeros are made without device=, so on a GPU they sit on the CPU and torch.where fails."""

CAUGHT_BY = ["works_on_any_device"]


class MLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        sizes = list(sizes)
        if len(sizes) < 2:
            raise ValueError(f"an MLP needs at least two sizes, got {sizes}")
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in pairwise(sizes))

    def forward(self, x):
        *hidden, last = self.layers
        for layer in hidden:
            h = layer(x)
            x = torch.where(h > 0, h, torch.zeros(h.shape, dtype=h.dtype))
        return last(x)
