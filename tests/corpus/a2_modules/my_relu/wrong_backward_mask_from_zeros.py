"""Wrong: backward builds its mask as mask = torch.zeros(x.shape, dtype=grad_output.dtype); mask[x > 0] = 1, without device=, so on a GPU the mask is on the CPU."""

CAUGHT_BY = ["works_on_any_device"]


class MyReLUFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        mask = torch.zeros(x.shape, dtype=grad_output.dtype)
        mask[x > 0] = 1
        return grad_output * mask
