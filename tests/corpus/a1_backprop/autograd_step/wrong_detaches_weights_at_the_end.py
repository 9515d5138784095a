"""Wrong: train_autograd calls w.detach_() on the weights after training, so they no longer require grad."""

CAUGHT_BY = ["train_autograd_keeps_leaves"]


def train_autograd(x, y, w1, w2, lr, steps):
    losses = []
    for _ in range(steps):
        loss = sse_loss(forward(x, w1, w2), y)
        losses.append(loss.item())
        loss.backward()
        sgd_step_([w1, w2], lr)
    w1.detach_()
    w2.detach_()
    return losses
