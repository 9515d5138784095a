"""Wrong: backward hands the work to autograd, torch.autograd.grad(torch.relu(x), x, grad_output) under enable_grad, instead of masking by hand."""

CAUGHT_BY = ["backward_masks_the_upstream_gradient", "passes_gradcheck"]


class MyReLUFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        with torch.enable_grad():
            leaf = x.detach().requires_grad_()
            (grad,) = torch.autograd.grad(torch.relu(leaf), leaf, grad_output)
        return grad
