"""Wrong: sgd_step_ first drops the tensors without a gradient with params[:] = [...], removing them from the caller's list."""

CAUGHT_BY = ["sgd_step_skips_tensors_without_gradient"]


def sgd_step_(params, lr):
    params[:] = [p for p in params if p.grad is not None]
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad
            p.grad = None
