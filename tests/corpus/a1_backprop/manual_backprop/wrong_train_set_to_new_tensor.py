"""Wrong: train_manual updates with w.set_(w - lr * grad): the same tensor object, but pointed at the new result's storage instead of having its own overwritten, so views of the weights keep the old values."""

CAUGHT_BY = ["train_manual_updates_weights_in_place"]


def train_manual(x, y, w1, w2, lr, steps):
    losses = []
    for _ in range(steps):
        losses.append(sse_loss(forward(x, w1, w2), y).item())
        grad_w1, grad_w2 = backward(x, y, w1, w2)
        w1.set_(w1 - lr * grad_w1)
        w2.set_(w2 - lr * grad_w2)
    return losses
