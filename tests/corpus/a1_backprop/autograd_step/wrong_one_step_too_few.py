"""Wrong: train_autograd loops range(1, steps), running and recording one step too few."""

CAUGHT_BY = ["train_autograd_returns_one_float_per_step", "train_autograd_weights_match_reference"]


def train_autograd(x, y, w1, w2, lr, steps):
    losses = []
    for _ in range(1, steps):
        loss = sse_loss(forward(x, w1, w2), y)
        losses.append(loss.item())
        loss.backward()
        sgd_step_([w1, w2], lr)
    return losses
