"""Wrong: train_manual appends the 0-d loss tensors themselves, not plain floats (.item())."""

CAUGHT_BY = ["train_manual_returns_one_float_per_step"]


def train_manual(x, y, w1, w2, lr, steps):
    losses = []
    for _ in range(steps):
        losses.append(sse_loss(forward(x, w1, w2), y))
        grad_w1, grad_w2 = backward(x, y, w1, w2)
        w1 -= lr * grad_w1
        w2 -= lr * grad_w2
    return losses
