"""Wrong: train_autograd calls loss.backward() twice per step, so each update uses twice the gradient."""

CAUGHT_BY = ["train_autograd_weights_match_reference", "train_autograd_losses_match_reference"]


def train_autograd(x, y, w1, w2, lr, steps):
    losses = []
    for _ in range(steps):
        loss = sse_loss(forward(x, w1, w2), y)
        losses.append(loss.item())
        loss.backward(retain_graph=True)
        loss.backward()
        sgd_step_([w1, w2], lr)
    return losses
