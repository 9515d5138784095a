"""Wrong: the in-place path calls x.set_(my_relu(x).detach()) under no_grad: x now points at the result's storage instead of having its own storage overwritten, so views of x keep the old values."""

CAUGHT_BY = ["inplace_overwrites_and_returns_the_input"]


class MyReLU(nn.Module):
    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, x):
        if self.inplace:
            with torch.no_grad():
                x.set_(my_relu(x).detach())
            return x
        return my_relu(x)
