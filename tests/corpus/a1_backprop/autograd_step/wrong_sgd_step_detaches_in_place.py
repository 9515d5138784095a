"""Wrong: sgd_step_ calls p.detach_() to make the in-place update legal, which turns the caller's leaf into one that no longer requires grad."""

CAUGHT_BY = ["sgd_step_keeps_leaves", "train_autograd_keeps_leaves"]


def sgd_step_(params, lr):
    for p in params:
        if p.grad is not None:
            p.detach_()
            p -= lr * p.grad
            p.grad = None
