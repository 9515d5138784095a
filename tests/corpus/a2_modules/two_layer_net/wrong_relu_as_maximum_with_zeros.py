"""Wrong: ReLU as torch.maximum(h, torch.zeros(h.shape, dtype=h.dtype)), a zeros tensor made without device= (on a GPU it sits on the CPU and the call fails)."""

CAUGHT_BY = ["works_on_any_device"]


class TwoLayerNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.linear1 = nn.Linear(D_in, H)
        self.linear2 = nn.Linear(H, D_out)

    def forward(self, x):
        h = self.linear1(x)
        return self.linear2(torch.maximum(h, torch.zeros(h.shape, dtype=h.dtype)))
