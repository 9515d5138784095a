"""Wrong: backward zeroes the upstream gradient where it belongs, grad_output[x <= 0] = 0, and returns it: the tensor autograd also hands to other branches is overwritten."""

CAUGHT_BY = ["backward_leaves_grad_output_alone"]


class MyReLUFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        grad_output[x <= 0] = 0
        return grad_output
