"""Wrong: forward returns torch.where(x > 0, x, torch.zeros(x.shape, dtype=x.dtype)); the zeros are made without device=, so on a GPU torch.where fails."""

CAUGHT_BY = ["works_on_any_device"]


class MyReLUFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.where(x > 0, x, torch.zeros(x.shape, dtype=x.dtype))

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * (x > 0)
