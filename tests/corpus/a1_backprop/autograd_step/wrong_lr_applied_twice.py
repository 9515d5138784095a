"""Wrong: sgd_step_ scales the gradient by lr twice (p -= lr * lr * p.grad)."""

CAUGHT_BY = ["sgd_step_updates_in_place", "train_autograd_weights_match_reference"]


def sgd_step_(params, lr):
    with torch.no_grad():
        for p in params:
            if p.grad is not None:
                step = lr * p.grad
                p -= lr * step
                p.grad = None
