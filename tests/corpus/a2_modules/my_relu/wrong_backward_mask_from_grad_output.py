"""Wrong: backward masks grad_output by its own sign (grad_output > 0) instead of by the saved input."""

CAUGHT_BY = ["backward_masks_the_upstream_gradient", "passes_gradcheck", "module_uses_my_relu"]


class MyReLUFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output * (grad_output > 0)
