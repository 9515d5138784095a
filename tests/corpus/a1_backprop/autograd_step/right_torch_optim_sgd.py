"""Right: train_autograd uses torch.optim.SGD (zero_grad, backward, step) instead of sgd_step_; sgd_step_ uses copy_."""


def sgd_step_(params, lr):
    with torch.no_grad():
        for p in params:
            if p.grad is not None:
                p.copy_(p - lr * p.grad)
                p.grad = None


def train_autograd(x, y, w1, w2, lr, steps):
    optimizer = torch.optim.SGD([w1, w2], lr=lr)
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = sse_loss(forward(x, w1, w2), y)
        losses.append(loss.item())
        loss.backward()
        optimizer.step()
    return losses
