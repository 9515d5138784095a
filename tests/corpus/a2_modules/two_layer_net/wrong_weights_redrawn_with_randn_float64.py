"""Wrong: after building the nn.Linear layers, __init__ replaces their weights with nn.Parameter(torch.randn(..., dtype=torch.float64) / fan_in ** 0.5), so the plain constructor gives float64 weights next to float32 biases."""

CAUGHT_BY = ["plain_constructor_uses_default_dtype"]


class TwoLayerNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.linear1 = nn.Linear(D_in, H)
        self.linear2 = nn.Linear(H, D_out)
        self.linear1.weight = nn.Parameter(torch.randn(H, D_in, dtype=torch.float64) / D_in**0.5)
        self.linear2.weight = nn.Parameter(torch.randn(D_out, H, dtype=torch.float64) / H**0.5)

    def forward(self, x):
        return self.linear2(torch.relu(self.linear1(x)))
