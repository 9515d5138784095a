"""Wrong: train_autograd returns the losses as 0-d tensors (loss.detach()) instead of Python floats."""

CAUGHT_BY = ["train_autograd_returns_one_float_per_step", "train_autograd_losses_match_reference"]


def train_autograd(x, y, w1, w2, lr, steps):
    losses = []
    for _ in range(steps):
        loss = sse_loss(forward(x, w1, w2), y)
        losses.append(loss.detach())
        loss.backward()
        sgd_step_([w1, w2], lr)
    return losses
