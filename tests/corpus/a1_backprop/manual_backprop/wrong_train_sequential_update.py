"""Wrong: train_manual updates w1 first and then takes w2's gradient at the new w1, not at the current weights."""

CAUGHT_BY = ["train_manual_updates_weights_in_place", "train_manual_losses_match_reference"]


def train_manual(x, y, w1, w2, lr, steps):
    losses = []
    for _ in range(steps):
        losses.append(sse_loss(forward(x, w1, w2), y).item())
        w1 -= lr * backward(x, y, w1, w2)[0]
        w2 -= lr * backward(x, y, w1, w2)[1]
    return losses
