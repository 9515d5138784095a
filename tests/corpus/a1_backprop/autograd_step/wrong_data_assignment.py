"""Wrong: sgd_step_ assigns p.data = p - lr * p.grad: the values look right, but p now has new storage, so a view or an alias of p (an optimizer's, a tied weight) keeps the old values; the contract's "in place" means the same storage."""

CAUGHT_BY = ["sgd_step_updates_in_place"]


def sgd_step_(params, lr):
    for p in params:
        if p.grad is None:
            continue
        p.data = p - lr * p.grad
        p.grad = None
