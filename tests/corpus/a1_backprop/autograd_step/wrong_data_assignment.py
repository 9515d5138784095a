"""Right: sgd_step_ assigns p.data = p - lr * p.grad (no torch.no_grad needed: .data is invisible to autograd)."""


def sgd_step_(params, lr):
    for p in params:
        if p.grad is None:
            continue
        p.data = p - lr * p.grad
        p.grad = None
