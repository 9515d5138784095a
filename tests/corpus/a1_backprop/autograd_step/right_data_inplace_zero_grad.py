"""Right: sgd_step_ updates p.data in place (p.data -= lr * p.grad) and zeroes the gradient with p.grad.zero_()."""


def sgd_step_(params, lr):
    for p in params:
        if p.grad is not None:
            p.data -= lr * p.grad
            p.grad.zero_()
