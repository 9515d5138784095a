"""Wrong: forward files its input in a module-level dict keyed by shape (_saved[x.shape] = x) and backward looks it up by grad_output.shape, so two forwards on inputs of the same shape share one entry."""

CAUGHT_BY = ["two_forwards_before_either_backward"]

_saved = {}


class MyReLUFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        _saved[x.shape] = x
        return x.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output * (_saved[grad_output.shape] > 0)
