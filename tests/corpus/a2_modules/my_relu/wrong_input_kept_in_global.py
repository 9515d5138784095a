"""Wrong: forward keeps its input in a module-level global (_saved_input = x) instead of ctx.save_for_backward, so after two forwards both backwards mask with the second input."""

CAUGHT_BY = ["two_forwards_before_either_backward"]

_saved_input = None


class MyReLUFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        global _saved_input
        _saved_input = x
        return x.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output * (_saved_input > 0)
