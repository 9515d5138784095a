"""Wrong: backward uses masked_fill_ (with the underscore), grad_output.masked_fill_(x <= 0, 0), which writes into the upstream gradient."""

CAUGHT_BY = ["backward_leaves_grad_output_alone"]


class MyReLUFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output.masked_fill_(x <= 0, 0)
