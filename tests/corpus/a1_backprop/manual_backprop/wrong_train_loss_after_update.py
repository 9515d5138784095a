"""Wrong: train_manual records the loss after each update instead of before it."""

CAUGHT_BY = ["train_manual_losses_match_reference"]


def train_manual(x, y, w1, w2, lr, steps):
    losses = []
    for _ in range(steps):
        grad_w1, grad_w2 = backward(x, y, w1, w2)
        w1 -= lr * grad_w1
        w2 -= lr * grad_w2
        losses.append(sse_loss(forward(x, w1, w2), y).item())
    return losses
