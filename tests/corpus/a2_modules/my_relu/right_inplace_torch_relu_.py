"""Right: the in-place path calls torch.relu_(x) and then returns x explicitly."""


class MyReLU(nn.Module):
    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, x):
        if not self.inplace:
            return my_relu(x)
        torch.relu_(x)
        return x
