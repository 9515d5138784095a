"""Right: sgd_step_ turns params into a list once, then updates in one loop and clears the gradients in a second loop over that list."""


def sgd_step_(params, lr):
    params = [p for p in params if p.grad is not None]
    with torch.no_grad():
        for p in params:
            p.sub_(p.grad, alpha=lr)
    for p in params:
        p.grad = None
