"""Wrong: ReLU through numpy, torch.from_numpy(np.maximum(h.detach().numpy(), 0)): a round trip through the CPU (on a GPU .numpy() fails), which also cuts the graph."""

import numpy as np

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
            x = torch.from_numpy(np.maximum(layer(x).detach().numpy(), 0))
        return last(x)
