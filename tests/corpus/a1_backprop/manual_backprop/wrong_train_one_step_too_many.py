"""Wrong: train_manual runs steps + 1 iterations (range(steps + 1)), one update too many."""

CAUGHT_BY = ["train_manual_returns_one_float_per_step", "train_manual_losses_match_reference", "train_manual_updates_weights_in_place"]


def train_manual(x, y, w1, w2, lr, steps):
    losses = []
    for _ in range(steps + 1):
        losses.append(sse_loss(forward(x, w1, w2), y).item())
        grad_w1, grad_w2 = backward(x, y, w1, w2)
        w1 -= lr * grad_w1
        w2 -= lr * grad_w2
    return losses
