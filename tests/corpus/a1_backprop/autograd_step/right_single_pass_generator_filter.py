"""Right: sgd_step_ reads params exactly once through a generator expression that keeps the tensors with a gradient, updates each with torch.Tensor.add_(..., alpha=-lr) under no_grad and zeroes its gradient in place."""


def sgd_step_(params, lr):
    with torch.no_grad():
        for p in (q for q in params if q.grad is not None):
            p.add_(p.grad, alpha=-lr)
            p.grad.zero_()
