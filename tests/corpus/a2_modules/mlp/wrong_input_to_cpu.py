"""Wrong: forward begins with x = x.to("cpu"), a habit from debugging on a laptop: on a GPU the input leaves the device and the first layer fails."""

CAUGHT_BY = ["works_on_any_device"]


class MLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        sizes = list(sizes)
        if len(sizes) < 2:
            raise ValueError(f"an MLP needs at least two sizes, got {sizes}")
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in pairwise(sizes))

    def forward(self, x):
        x = x.to("cpu")
        *hidden, last = self.layers
        for layer in hidden:
            x = torch.relu(layer(x))
        return last(x)
