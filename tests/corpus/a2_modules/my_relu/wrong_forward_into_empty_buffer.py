"""Wrong: forward preallocates out = torch.empty(x.shape, dtype=x.dtype) and clamps into it with out=; the buffer has no device=, so on a GPU the result is on the CPU (or the call fails)."""

CAUGHT_BY = ["works_on_any_device"]


class MyReLUFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        out = torch.empty(x.shape, dtype=x.dtype)
        torch.clamp(x, min=0, out=out)
        return out

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * (x > 0)
