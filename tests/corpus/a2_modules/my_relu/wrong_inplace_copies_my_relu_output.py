"""Wrong: the in-place path does x.copy_(my_relu(x)): it overwrites the x that MyReLUFunction saved for backward, so the backward pass raises."""

CAUGHT_BY = ["inplace_path_has_relus_gradient"]


class MyReLU(nn.Module):
    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, x):
        if self.inplace:
            return x.copy_(my_relu(x))
        return my_relu(x)
