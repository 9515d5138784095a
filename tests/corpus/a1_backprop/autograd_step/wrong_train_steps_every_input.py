"""Wrong: train_autograd marks all four tensors as requiring grad and hands all of them to sgd_step_, so the caller's x and y are trained too."""

CAUGHT_BY = ["train_autograd_losses_match_reference", "train_autograd_weights_match_reference"]


def train_autograd(x, y, w1, w2, lr, steps):
    tensors = [x, y, w1, w2]
    for t in tensors:
        t.requires_grad_()
    losses = []
    for _ in range(steps):
        loss = sse_loss(forward(x, w1, w2), y)
        losses.append(loss.item())
        loss.backward()
        sgd_step_(tensors, lr)
    return losses
