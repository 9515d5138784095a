"""Wrong: the in-place path rebinds the local name (x = my_relu(x)), which neither writes into x nor returns it."""

CAUGHT_BY = ["inplace_overwrites_and_returns_the_input"]


class MyReLU(nn.Module):
    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, x):
        if self.inplace:
            x = my_relu(x)
            return x
        return my_relu(x)
