"""Wrong: sgd_step_ sorts the caller's list in place (largest tensors first, "for speed"), reordering the parameters it was given."""

CAUGHT_BY = ["sgd_step_updates_in_place"]


def sgd_step_(params, lr):
    params.sort(key=lambda p: p.numel(), reverse=True)
    with torch.no_grad():
        for p in params:
            if p.grad is not None:
                p -= lr * p.grad
                p.grad = None
