"""Wrong: MyReLU() also works in place whenever x does not require grad ("nothing to differentiate, so save memory"): inplace=False overwrites the caller's x."""

CAUGHT_BY = ["without_inplace_the_input_is_untouched"]


class MyReLU(nn.Module):
    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, x):
        if self.inplace or not x.requires_grad:
            return x.clamp_(min=0)
        return my_relu(x)
