"""Wrong: MyReLU stores inplace but ignores it, always returning a new tensor my_relu(x)."""

CAUGHT_BY = ["inplace_overwrites_and_returns_the_input"]


class MyReLU(nn.Module):
    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, x):
        return my_relu(x)
