"""Wrong: the in-place path rebinds x.data = x.clamp(min=0).data and returns x: the same Python object, but new storage (data_ptr changes), so views and aliases of x never see the ReLU."""

CAUGHT_BY = ["inplace_overwrites_and_returns_the_input"]


class MyReLU(nn.Module):
    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, x):
        if self.inplace:
            x.data = x.clamp(min=0).data
            return x
        return my_relu(x)
