"""Wrong: sgd_step_ updates every tensor in one loop over params and clears the gradients in a second loop over params: on a generator the second loop sees nothing, so the gradients are never cleared."""

CAUGHT_BY = ["sgd_step_reads_params_once"]


def sgd_step_(params, lr):
    with torch.no_grad():
        for p in params:
            if p.grad is not None:
                p -= lr * p.grad
    for p in params:
        p.grad = None
