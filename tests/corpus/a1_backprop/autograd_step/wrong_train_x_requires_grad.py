"""Wrong: train_autograd switches on requires_grad for x too ("autograd needs it on every input"), changing the caller's x (and filling x.grad)."""

CAUGHT_BY = ["train_autograd_losses_match_reference", "train_autograd_weights_match_reference"]


def train_autograd(x, y, w1, w2, lr, steps):
    x.requires_grad_()
    losses = []
    for _ in range(steps):
        loss = sse_loss(forward(x, w1, w2), y)
        losses.append(loss.item())
        loss.backward()
        sgd_step_([w1, w2], lr)
    return losses
