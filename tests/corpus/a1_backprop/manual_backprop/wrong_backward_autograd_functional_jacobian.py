"""Wrong: backward asks torch.autograd.functional.jacobian for the (scalar) loss's Jacobian, which is the gradient computed by autograd, not by hand."""

from torch.autograd.functional import jacobian

CAUGHT_BY = ["backward_works_without_autograd"]


def backward(x, y, w1, w2):
    return jacobian(lambda a, b: sse_loss(forward(x, a, b), y), (w1, w2))
