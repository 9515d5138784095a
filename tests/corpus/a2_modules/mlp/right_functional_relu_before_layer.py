"""Right: F.relu is applied before every layer but the first, on intermediate tensors only."""

import torch.nn.functional as F


class MLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        sizes = list(sizes)
        if len(sizes) < 2:
            raise ValueError(f"an MLP needs at least two sizes, got {sizes}")
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in pairwise(sizes))

    def forward(self, x):
        first, *rest = self.layers
        x = first(x)
        for layer in rest:
            x = layer(F.relu(x))
        return x
