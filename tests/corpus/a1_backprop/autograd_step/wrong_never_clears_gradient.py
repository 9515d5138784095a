"""Wrong: sgd_step_ updates but never clears .grad, so backward() keeps adding to old gradients during training."""

CAUGHT_BY = [
    "sgd_step_clears_gradients",
    "train_autograd_weights_match_reference",
    "train_autograd_losses_match_reference",
]


def sgd_step_(params, lr):
    with torch.no_grad():
        for p in params:
            if p.grad is not None:
                p -= lr * p.grad
