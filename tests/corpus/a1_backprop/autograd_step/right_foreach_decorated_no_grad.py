"""Right: sgd_step_ runs under @torch.no_grad() and updates all tensors with a gradient at once with torch._foreach_add_(..., alpha=-lr), as torch.optim does; train_autograd uses torch.autograd.backward(loss, inputs=...)."""


@torch.no_grad()
def sgd_step_(params, lr):
    with_grad = [p for p in params if p.grad is not None]
    if with_grad:
        torch._foreach_add_(with_grad, [p.grad for p in with_grad], alpha=-lr)
    for p in with_grad:
        p.grad = None


def train_autograd(x, y, w1, w2, lr, steps):
    losses = []
    for _ in range(steps):
        loss = sse_loss(forward(x, w1, w2), y)
        losses.append(loss.item())
        torch.autograd.backward(loss, inputs=[w1, w2])
        sgd_step_([w1, w2], lr)
    return losses
