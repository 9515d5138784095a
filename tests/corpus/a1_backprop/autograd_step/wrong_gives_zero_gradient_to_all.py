"""Wrong: sgd_step_ clears gradients by assigning zeros to every tensor's .grad, giving one to tensors that had none."""

CAUGHT_BY = ["sgd_step_skips_tensors_without_gradient"]


def sgd_step_(params, lr):
    with torch.no_grad():
        for p in params:
            if p.grad is not None:
                p -= lr * p.grad
            p.grad = torch.zeros_like(p)
