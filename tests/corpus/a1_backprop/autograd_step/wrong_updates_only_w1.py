"""Wrong: train_autograd passes only [w1] to sgd_step_, so w2 is never updated."""

CAUGHT_BY = ["train_autograd_weights_match_reference", "train_autograd_losses_match_reference"]


def train_autograd(x, y, w1, w2, lr, steps):
    losses = []
    for _ in range(steps):
        loss = sse_loss(forward(x, w1, w2), y)
        losses.append(loss.item())
        loss.backward()
        sgd_step_([w1], lr)
    return losses
