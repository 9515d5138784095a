"""Wrong: train_autograd starts with w1 = w1.clone().detach().requires_grad_(), training copies while the caller's tensors stay unchanged."""

CAUGHT_BY = ["train_autograd_weights_match_reference", "train_autograd_lowers_the_loss"]


def train_autograd(x, y, w1, w2, lr, steps):
    w1 = w1.clone().detach().requires_grad_()
    w2 = w2.clone().detach().requires_grad_()
    losses = []
    for _ in range(steps):
        loss = sse_loss(forward(x, w1, w2), y)
        losses.append(loss.item())
        loss.backward()
        sgd_step_([w1, w2], lr)
    return losses
