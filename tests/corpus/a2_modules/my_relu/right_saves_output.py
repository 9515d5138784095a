"""Right: forward saves its output relu(x) and backward masks with out > 0, which is the same mask as x > 0."""


class MyReLUFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        out = x.clamp(min=0)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad_output):
        (out,) = ctx.saved_tensors
        return grad_output * (out > 0)
