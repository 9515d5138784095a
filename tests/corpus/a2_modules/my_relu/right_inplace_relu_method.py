"""Right: the in-place path uses x.relu_(), which writes into x and returns x itself."""


class MyReLU(nn.Module):
    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, x):
        if self.inplace:
            return x.relu_()
        return my_relu(x)
