"""Wrong: sgd_step_ first returns early unless any(p.grad is not None for p in params), then loops over params: on a generator the guard has already consumed the parameters up to the first with a gradient, so those are never updated."""

CAUGHT_BY = ["sgd_step_reads_params_once"]


def sgd_step_(params, lr):
    if not any(p.grad is not None for p in params):
        return
    with torch.no_grad():
        for p in params:
            if p.grad is not None:
                p -= lr * p.grad
                p.grad = None
