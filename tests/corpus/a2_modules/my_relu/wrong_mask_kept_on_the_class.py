"""Wrong: forward stores its mask on the class (MyReLUFunction.mask = x > 0) rather than on ctx, so a second forward before the first backward overwrites the mask the first backward uses."""

CAUGHT_BY = ["two_forwards_before_either_backward"]


class MyReLUFunction(torch.autograd.Function):
    mask = None

    @staticmethod
    def forward(ctx, x):
        MyReLUFunction.mask = x > 0
        return x.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output * MyReLUFunction.mask
