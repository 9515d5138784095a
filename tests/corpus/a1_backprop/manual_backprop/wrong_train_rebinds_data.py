"""Wrong: train_manual updates with w1.data = w1.data - lr * grad_w1: the caller's tensor object gets new storage (data_ptr changes), so views and aliases of the weights never see the update."""

CAUGHT_BY = ["train_manual_updates_weights_in_place"]


def train_manual(x, y, w1, w2, lr, steps):
    losses = []
    for _ in range(steps):
        losses.append(sse_loss(forward(x, w1, w2), y).item())
        grad_w1, grad_w2 = backward(x, y, w1, w2)
        w1.data = w1.data - lr * grad_w1
        w2.data = w2.data - lr * grad_w2
    return losses
