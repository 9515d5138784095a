"""Wrong: self.layers is an nn.Sequential of the Linear layers, not the nn.ModuleList the contract asks for."""

CAUGHT_BY = ["layers_live_in_a_module_list"]


class MLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        sizes = list(sizes)
        if len(sizes) < 2:
            raise ValueError(f"an MLP needs at least two sizes, got {sizes}")
        self.layers = nn.Sequential(*(nn.Linear(a, b) for a, b in pairwise(sizes)))

    def forward(self, x):
        *hidden, last = self.layers
        for layer in hidden:
            x = torch.relu(layer(x))
        return last(x)
