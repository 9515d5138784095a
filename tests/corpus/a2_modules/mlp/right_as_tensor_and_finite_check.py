"""Right: forward accepts array-likes with x = torch.as_tensor(x) (a tensor comes back as itself, on its own device) and refuses non-finite inputs before the layers; on finite tensors it computes exactly the MLP."""


class MLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        sizes = list(sizes)
        if len(sizes) < 2:
            raise ValueError(f"an MLP needs at least two sizes, got {sizes}")
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in pairwise(sizes))

    def forward(self, x):
        x = torch.as_tensor(x)
        if not torch.isfinite(x).all():
            raise ValueError("MLP input has NaN or inf entries")
        *hidden, last = self.layers
        for layer in hidden:
            x = torch.relu(layer(x))
        return last(x)
