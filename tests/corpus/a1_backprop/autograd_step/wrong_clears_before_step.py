"""Wrong: train_autograd clears the gradients between backward() and sgd_step_, so no weight ever moves."""

CAUGHT_BY = ["train_autograd_weights_match_reference", "train_autograd_lowers_the_loss"]


def train_autograd(x, y, w1, w2, lr, steps):
    losses = []
    for _ in range(steps):
        loss = sse_loss(forward(x, w1, w2), y)
        losses.append(loss.item())
        loss.backward()
        w1.grad = None
        w2.grad = None
        sgd_step_([w1, w2], lr)
    return losses
