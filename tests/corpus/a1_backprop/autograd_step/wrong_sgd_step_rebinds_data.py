"""Wrong: sgd_step_ writes p.data = p.data - lr * p.grad: the tensor object is the same, but its data now lives in new storage (data_ptr changes), so views and aliases of the parameter never see the update."""

CAUGHT_BY = ["sgd_step_updates_in_place"]


def sgd_step_(params, lr):
    for p in params:
        if p.grad is not None:
            p.data = p.data - lr * p.grad
            p.grad = None
