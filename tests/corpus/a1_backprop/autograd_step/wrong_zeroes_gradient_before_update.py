"""Wrong: sgd_step_ zeroes the gradient before using it, so every update subtracts zero."""

CAUGHT_BY = ["sgd_step_updates_in_place", "train_autograd_weights_match_reference", "train_autograd_lowers_the_loss"]


def sgd_step_(params, lr):
    with torch.no_grad():
        for p in params:
            if p.grad is not None:
                p.grad.zero_()
                p -= lr * p.grad
