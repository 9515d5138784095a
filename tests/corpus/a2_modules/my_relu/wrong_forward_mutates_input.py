"""Wrong: forward computes relu with x.clamp_(min=0), overwriting the caller's input."""

CAUGHT_BY = ["without_inplace_the_input_is_untouched", "passes_gradcheck"]


class MyReLUFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        out = x.clamp_(min=0)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad_output):
        (out,) = ctx.saved_tensors
        return grad_output * (out > 0)
