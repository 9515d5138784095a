"""Wrong: backward returns grad_output.mul_(x > 0), masking the upstream gradient in place instead of making a new tensor."""

CAUGHT_BY = ["backward_leaves_grad_output_alone"]


class MyReLUFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output.mul_(x > 0)
