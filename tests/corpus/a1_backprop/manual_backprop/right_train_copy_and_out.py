"""Right: train_manual writes each update into the caller's storage two other ways: w1.copy_(w1 - lr * grad_w1) and torch.sub(w2, grad_w2, alpha=lr, out=w2)."""


def train_manual(x, y, w1, w2, lr, steps):
    losses = []
    for _ in range(steps):
        losses.append(sse_loss(forward(x, w1, w2), y).item())
        grad_w1, grad_w2 = backward(x, y, w1, w2)
        w1.copy_(w1 - lr * grad_w1)
        torch.sub(w2, grad_w2, alpha=lr, out=w2)
    return losses
