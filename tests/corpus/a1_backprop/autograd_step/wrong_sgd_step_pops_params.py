"""Wrong: sgd_step_ consumes the list with params.pop() while updating, so the caller's list of parameters is empty afterwards."""

CAUGHT_BY = ["sgd_step_updates_in_place"]


def sgd_step_(params, lr):
    with torch.no_grad():
        while params:
            p = params.pop()
            if p.grad is not None:
                p -= lr * p.grad
                p.grad = None
