"""Wrong: train_manual only updates w1; w2 is never stepped."""

CAUGHT_BY = ["train_manual_updates_weights_in_place", "train_manual_losses_match_reference"]


def train_manual(x, y, w1, w2, lr, steps):
    losses = []
    for _ in range(steps):
        losses.append(sse_loss(forward(x, w1, w2), y).item())
        grad_w1, _ = backward(x, y, w1, w2)
        w1 -= lr * grad_w1
    return losses
