"""Wrong: sgd_step_ switches off requires_grad to make the in-place update legal and never switches it back on."""

CAUGHT_BY = ["sgd_step_keeps_leaves", "train_autograd_keeps_leaves"]


def sgd_step_(params, lr):
    for p in params:
        p.requires_grad_(False)
        if p.grad is not None:
            p -= lr * p.grad
            p.grad = None
