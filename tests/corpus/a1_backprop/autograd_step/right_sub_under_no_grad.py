"""Right: torch.no_grad() per tensor, p.sub_(lr * p.grad) and p.grad.zero_(); train_autograd keeps a while loop."""


def sgd_step_(params, lr):
    for p in [q for q in params if q.grad is not None]:
        with torch.no_grad():
            p.sub_(lr * p.grad)
        p.grad.zero_()


def train_autograd(x, y, w1, w2, lr, steps):
    losses = []
    step = 0
    while step < steps:
        loss = sse_loss(forward(x, w1, w2), y)
        loss.backward()
        losses.append(float(loss.detach()))
        sgd_step_([w1, w2], lr)
        step += 1
    return losses
