"""Wrong: forward standardises the input with batch statistics ((x - mean) / std over dim 0), so each row depends on the others."""

CAUGHT_BY = ["rows_do_not_influence_each_other", "forward_matches_functional_reference"]


class MLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        sizes = list(sizes)
        if len(sizes) < 2:
            raise ValueError(f"an MLP needs at least two sizes, got {sizes}")
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in pairwise(sizes))

    def forward(self, x):
        x = (x - x.mean(0)) / (x.std(0, unbiased=False) + 1e-5)
        *hidden, last = self.layers
        for layer in hidden:
            x = torch.relu(layer(x))
        return last(x)
