"""Wrong: the in-place path copies relu(x) into x.detach() (x.detach().copy_(my_relu(x)); return x): x's values change but autograd sees no ReLU, so the gradient is wrong."""

CAUGHT_BY = ["inplace_path_has_relus_gradient"]


class MyReLU(nn.Module):
    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, x):
        if self.inplace:
            x.detach().copy_(my_relu(x).detach())
            return x
        return my_relu(x)
