"""Wrong: train_autograd records the loss after the update instead of before it."""

CAUGHT_BY = ["train_autograd_losses_match_reference"]


def train_autograd(x, y, w1, w2, lr, steps):
    losses = []
    for _ in range(steps):
        loss = sse_loss(forward(x, w1, w2), y)
        loss.backward()
        sgd_step_([w1, w2], lr)
        with torch.no_grad():
            losses.append(sse_loss(forward(x, w1, w2), y).item())
    return losses
