"""Wrong: forward pushes its input on a module-level stack and backward pops the last one ("backward runs in reverse order"), so two forwards followed by the first one's backward mask with the second input."""

CAUGHT_BY = ["two_forwards_before_either_backward"]

_stack = []


class MyReLUFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        _stack.append(x)
        return x.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        x = _stack.pop()
        return grad_output * (x > 0)
