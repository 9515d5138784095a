"""Wrong: sgd_step_ builds with_grad = [p for p in params if p.grad is not None] to check there is work to do, then loops over the original params: on a generator the list comprehension has exhausted it and nothing is updated."""

CAUGHT_BY = ["sgd_step_reads_params_once"]


def sgd_step_(params, lr):
    with_grad = [p for p in params if p.grad is not None]
    if not with_grad:
        return
    with torch.no_grad():
        for p in params:
            if p.grad is not None:
                p -= lr * p.grad
                p.grad = None
