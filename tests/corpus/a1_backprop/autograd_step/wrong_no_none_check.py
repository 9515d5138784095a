"""Wrong: sgd_step_ does not skip tensors whose .grad is None, and crashes multiplying None by lr."""

CAUGHT_BY = ["sgd_step_skips_tensors_without_gradient", "sgd_step_keeps_leaves"]


def sgd_step_(params, lr):
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad
            p.grad = None
