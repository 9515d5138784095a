"""Wrong: backward returns the mask (x > 0) alone, as if grad_output were all ones."""

CAUGHT_BY = ["backward_masks_the_upstream_gradient", "passes_gradcheck", "module_uses_my_relu"]


class MyReLUFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return (x > 0).to(grad_output.dtype)
