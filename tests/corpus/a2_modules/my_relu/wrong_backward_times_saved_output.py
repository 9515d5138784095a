"""Wrong: forward saves relu(x) and backward multiplies grad_output by it, forgetting the comparison > 0."""

CAUGHT_BY = ["backward_masks_the_upstream_gradient", "passes_gradcheck", "module_uses_my_relu"]


class MyReLUFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        out = x.clamp(min=0)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad_output):
        (out,) = ctx.saved_tensors
        return grad_output * out
