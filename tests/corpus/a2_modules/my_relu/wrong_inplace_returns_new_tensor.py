"""Wrong: the in-place path writes relu(x) into x but then returns my_relu(x), a different tensor."""

CAUGHT_BY = ["inplace_overwrites_and_returns_the_input"]


class MyReLU(nn.Module):
    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, x):
        if self.inplace:
            x.clamp_(min=0)
            return my_relu(x)
        return my_relu(x)
