"""Wrong: the ReLU mask goes through numpy with np.asarray(h.detach()) > 0 and back with torch.from_numpy: a round trip through the CPU (on a GPU np.asarray fails)."""

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
            h = layer(x)
            x = h * torch.from_numpy(np.asarray(h.detach()) > 0)
        return last(x)
