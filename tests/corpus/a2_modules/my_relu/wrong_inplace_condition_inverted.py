"""Wrong: the two branches are swapped, so inplace=False overwrites x and inplace=True returns a new tensor."""

CAUGHT_BY = [
    "module_uses_my_relu",
    "without_inplace_the_input_is_untouched",
    "inplace_overwrites_and_returns_the_input",
]


class MyReLU(nn.Module):
    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, x):
        if not self.inplace:
            return x.clamp_(min=0)
        return my_relu(x)
