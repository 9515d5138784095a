"""Right: train_autograd trains w1.detach().requires_grad_(), new leaves that share storage with the caller's tensors, so the in-place updates still reach them."""


def train_autograd(x, y, w1, w2, lr, steps):
    a1 = w1.detach().requires_grad_()
    a2 = w2.detach().requires_grad_()
    losses = []
    for _ in range(steps):
        loss = sse_loss(forward(x, a1, a2), y)
        losses.append(loss.item())
        loss.backward()
        sgd_step_([a1, a2], lr)
    return losses
