"""Wrong: train_autograd loops range(steps + 1), running and recording one step too many."""

CAUGHT_BY = ["train_autograd_returns_one_float_per_step", "train_autograd_weights_match_reference"]


def train_autograd(x, y, w1, w2, lr, steps):
    losses = []
    for _ in range(steps + 1):
        loss = sse_loss(forward(x, w1, w2), y)
        losses.append(loss.item())
        loss.backward()
        sgd_step_([w1, w2], lr)
    return losses
