"""Wrong: backward rebuilds the mask from a Python list, torch.tensor((x > 0).tolist(), dtype=grad_output.dtype): a round trip through the CPU, and the mask is made without device= (on a GPU the product fails)."""

CAUGHT_BY = ["works_on_any_device"]


class MyReLUFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        mask = torch.tensor((x > 0).tolist(), dtype=grad_output.dtype)
        return grad_output * mask
