"""Right: the in-place path is x.masked_fill_(x < 0, 0), which writes into x's own storage, is recorded by autograd, and returns x."""


class MyReLU(nn.Module):
    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, x):
        if self.inplace:
            return x.masked_fill_(x < 0, 0)
        return my_relu(x)
