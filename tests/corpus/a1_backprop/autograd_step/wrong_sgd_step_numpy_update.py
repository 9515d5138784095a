"""Wrong: sgd_step_ computes the update in NumPy (p.detach().numpy() - lr * p.grad.numpy()) and copies it back: a round trip through the CPU."""

CAUGHT_BY = ["sgd_step_works_on_any_device"]


def sgd_step_(params, lr):
    with torch.no_grad():
        for p in params:
            if p.grad is not None:
                p.copy_(torch.from_numpy(p.detach().numpy() - lr * p.grad.numpy()))
                p.grad = None
