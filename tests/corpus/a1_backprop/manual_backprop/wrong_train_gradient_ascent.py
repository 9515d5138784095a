"""Wrong: train_manual adds the gradient (w += lr * grad), climbing the loss instead of descending it."""

CAUGHT_BY = ["train_manual_lowers_the_loss", "train_manual_losses_match_reference", "train_manual_updates_weights_in_place"]


def train_manual(x, y, w1, w2, lr, steps):
    losses = []
    for _ in range(steps):
        losses.append(sse_loss(forward(x, w1, w2), y).item())
        grad_w1, grad_w2 = backward(x, y, w1, w2)
        w1 += lr * grad_w1
        w2 += lr * grad_w2
    return losses
