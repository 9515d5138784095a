"""Right: the in-place path copies my_relu of a clone into x, x.copy_(my_relu(x.clone())): x is overwritten and returned, and the gradient flows through the custom Function."""


class MyReLU(nn.Module):
    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, x):
        if self.inplace:
            return x.copy_(my_relu(x.clone()))
        return my_relu(x)
