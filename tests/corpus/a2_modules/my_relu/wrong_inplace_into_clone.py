"""Wrong: the in-place path copies relu(x) into a clone of x and returns the clone; x is untouched."""

CAUGHT_BY = ["inplace_overwrites_and_returns_the_input"]


class MyReLU(nn.Module):
    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, x):
        if self.inplace:
            y = x.clone()
            y.copy_(my_relu(x))
            return y
        return my_relu(x)
