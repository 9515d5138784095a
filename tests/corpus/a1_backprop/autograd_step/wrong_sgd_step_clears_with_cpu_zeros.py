"""Wrong: sgd_step_ clears each gradient with p.grad = torch.zeros(p.shape, dtype=p.dtype), made without device= (on a GPU the assignment fails)."""

CAUGHT_BY = ["sgd_step_works_on_any_device"]


def sgd_step_(params, lr):
    with torch.no_grad():
        for p in params:
            if p.grad is not None:
                p -= lr * p.grad
                p.grad = torch.zeros(p.shape, dtype=p.dtype)
