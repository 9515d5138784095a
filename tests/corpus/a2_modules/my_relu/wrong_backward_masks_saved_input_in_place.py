"""Wrong: backward builds its mask with x.gt_(0) (the in-place gt_, not gt): it overwrites the saved input, which is the caller's x, with 0s and 1s."""

CAUGHT_BY = ["passes_gradcheck"]


class MyReLUFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * x.gt_(0)
