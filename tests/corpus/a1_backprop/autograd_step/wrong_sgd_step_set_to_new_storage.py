"""Wrong: sgd_step_ calls p.set_(p - lr * p.grad) under no_grad: p stays the same leaf object but points at the result's storage instead of having its own overwritten."""

CAUGHT_BY = ["sgd_step_updates_in_place"]


def sgd_step_(params, lr):
    with torch.no_grad():
        for p in params:
            if p.grad is not None:
                p.set_(p - lr * p.grad)
                p.grad = None
