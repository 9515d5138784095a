"""Wrong: MyReLU.forward returns torch.relu(x) instead of my_relu(x) when inplace is False."""

CAUGHT_BY = ["module_uses_my_relu"]


class MyReLU(nn.Module):
    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, x):
        if self.inplace:
            return x.clamp_(min=0)
        return torch.relu(x)
