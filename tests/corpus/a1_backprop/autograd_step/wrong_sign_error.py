"""Wrong: sgd_step_ adds the gradient (p += lr * p.grad): gradient ascent instead of descent."""

CAUGHT_BY = ["sgd_step_updates_in_place", "train_autograd_lowers_the_loss"]


def sgd_step_(params, lr):
    with torch.no_grad():
        for p in params:
            if p.grad is not None:
                p += lr * p.grad
                p.grad = None
