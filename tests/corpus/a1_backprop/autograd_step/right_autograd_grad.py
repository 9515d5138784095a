"""Right: train_autograd gets the gradients from torch.autograd.grad (nothing accumulates in .grad) and updates in place under no_grad."""


def train_autograd(x, y, w1, w2, lr, steps):
    losses = []
    for _ in range(steps):
        loss = sse_loss(forward(x, w1, w2), y)
        g1, g2 = torch.autograd.grad(loss, [w1, w2])
        with torch.no_grad():
            w1 -= lr * g1
            w2 -= lr * g2
        losses.append(loss.item())
    return losses
