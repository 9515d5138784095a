"""Wrong: backward keeps grad_output where x < 0 instead of where x > 0."""

CAUGHT_BY = ["backward_masks_the_upstream_gradient", "passes_gradcheck", "module_uses_my_relu"]


class MyReLUFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * (x < 0)
