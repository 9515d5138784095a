"""Wrong: sgd_step_ writes `p = p - lr * p.grad`, which only rebinds the loop variable, so the caller's tensors never change."""

CAUGHT_BY = ["sgd_step_updates_in_place", "sgd_step_clears_gradients"]


def sgd_step_(params, lr):
    with torch.no_grad():
        for p in params:
            if p.grad is not None:
                p = p - lr * p.grad
                p.grad = None
