"""Wrong: sgd_step_ returns at the first tensor without a gradient, so the tensors after it are never updated."""

CAUGHT_BY = ["sgd_step_skips_tensors_without_gradient"]


def sgd_step_(params, lr):
    with torch.no_grad():
        for p in params:
            if p.grad is None:
                return
            p -= lr * p.grad
            p.grad = None
