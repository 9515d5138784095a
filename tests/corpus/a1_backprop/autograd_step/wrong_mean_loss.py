"""Wrong: train_autograd minimises the mean squared error instead of the sum, so losses and steps are scaled down."""

CAUGHT_BY = ["train_autograd_losses_match_reference", "train_autograd_weights_match_reference"]


def train_autograd(x, y, w1, w2, lr, steps):
    losses = []
    for _ in range(steps):
        loss = ((forward(x, w1, w2) - y) ** 2).mean()
        losses.append(loss.item())
        loss.backward()
        sgd_step_([w1, w2], lr)
    return losses
