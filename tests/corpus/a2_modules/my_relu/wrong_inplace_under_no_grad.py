"""Wrong: the in-place path clamps under torch.no_grad() ("in-place ops on tensors that need grad raise"), so autograd does not record the ReLU and the gradient passes unmasked."""

CAUGHT_BY = ["inplace_path_has_relus_gradient"]


class MyReLU(nn.Module):
    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, x):
        if self.inplace:
            with torch.no_grad():
                x.clamp_(min=0)
            return x
        return my_relu(x)
