"""Wrong: the in-place path writes through x.data (x.data.clamp_(min=0); return x), which autograd never sees: the gradient passes unmasked."""

CAUGHT_BY = ["inplace_path_has_relus_gradient"]


class MyReLU(nn.Module):
    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, x):
        if self.inplace:
            x.data.clamp_(min=0)
            return x
        return my_relu(x)
