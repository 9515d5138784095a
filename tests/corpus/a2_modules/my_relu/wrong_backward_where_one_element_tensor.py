"""Wrong: backward fills with torch.tensor([0.0]), a 1-element tensor (not a 0-d one) made without device=: on a GPU torch.where refuses it."""

CAUGHT_BY = ["works_on_any_device"]


class MyReLUFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return torch.where(x > 0, grad_output, torch.tensor([0.0], dtype=grad_output.dtype))
