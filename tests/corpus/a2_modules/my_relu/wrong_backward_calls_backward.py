"""Wrong: backward runs torch.relu(leaf).backward(grad_output) on a detached copy of x and returns leaf.grad: autograd computes the gradient, not the student."""

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
            torch.relu(leaf).backward(grad_output)
        return leaf.grad
