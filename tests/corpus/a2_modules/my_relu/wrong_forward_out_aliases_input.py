"""Wrong: forward writes out = x, then out[out < 0] = 0, believing out is a copy: it zeroes the caller's x."""

CAUGHT_BY = ["without_inplace_the_input_is_untouched"]


class MyReLUFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x > 0)
        out = x
        out[out < 0] = 0
        return out

    @staticmethod
    def backward(ctx, grad_output):
        (mask,) = ctx.saved_tensors
        return grad_output * mask
