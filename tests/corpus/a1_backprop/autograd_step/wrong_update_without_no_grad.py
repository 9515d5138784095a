"""Wrong: sgd_step_ updates in place without torch.no_grad(), which autograd refuses on a leaf that requires grad."""

CAUGHT_BY = ["sgd_step_updates_in_place", "sgd_step_keeps_leaves"]


def sgd_step_(params, lr):
    for p in params:
        if p.grad is not None:
            p -= lr * p.grad
            p.grad = None
