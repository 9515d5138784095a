"""Right: einsum, computed in float64 inside and cast back; mask from relu's output > 0."""

import torch


def backward(x, y, w1, w2):
    xd, yd, w1d, w2d = (t.double() for t in (x, y, w1, w2))
    hidden = torch.relu(torch.einsum("ni,ih->nh", xd, w1d))
    grad_pred = 2 * (torch.einsum("nh,ho->no", hidden, w2d) - yd)
    grad_w2 = torch.einsum("nh,no->ho", hidden, grad_pred)
    grad_hidden = torch.einsum("no,ho->nh", grad_pred, w2d) * (hidden > 0)
    grad_w1 = torch.einsum("ni,nh->ih", xd, grad_hidden)
    return grad_w1.to(x.dtype), grad_w2.to(x.dtype)
