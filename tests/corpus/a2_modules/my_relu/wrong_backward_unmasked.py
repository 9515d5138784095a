"""Wrong: backward passes grad_output through unmasked, as if ReLU were the identity."""

CAUGHT_BY = ["backward_masks_the_upstream_gradient", "passes_gradcheck", "module_uses_my_relu"]


class MyReLUFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output
