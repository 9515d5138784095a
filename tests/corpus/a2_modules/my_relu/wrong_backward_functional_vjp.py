"""Wrong: backward returns torch.autograd.functional.vjp(torch.relu, x, grad_output)[1], autograd's vector-Jacobian product instead of a hand-written mask."""

CAUGHT_BY = ["backward_masks_the_upstream_gradient", "passes_gradcheck"]


class MyReLUFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return torch.autograd.functional.vjp(torch.relu, x.detach(), grad_output)[1]
