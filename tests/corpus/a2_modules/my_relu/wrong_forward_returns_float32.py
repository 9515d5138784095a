"""Wrong: forward casts its result to float32 with .float(), so float64 inputs get a float32 output."""

CAUGHT_BY = ["values_equal_torch_relu", "module_uses_my_relu", "backward_masks_the_upstream_gradient", "passes_gradcheck"]


class MyReLUFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.clamp(min=0).float()

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * (x > 0)
