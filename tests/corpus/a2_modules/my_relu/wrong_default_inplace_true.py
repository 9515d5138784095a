"""Wrong: MyReLU defaults to inplace=True, so MyReLU()(x) overwrites its input (a leaf that requires grad: autograd refuses)."""

CAUGHT_BY = ["module_uses_my_relu", "without_inplace_the_input_is_untouched"]


class MyReLU(nn.Module):
    def __init__(self, inplace=True):
        super().__init__()
        self.inplace = inplace

    def forward(self, x):
        if self.inplace:
            return x.clamp_(min=0)
        return my_relu(x)
