"""Right: p.add_(p.grad, alpha=-lr) under no_grad; train_autograd clears grads at the start of each step and uses its own forward with mse_loss(reduction="sum")."""


@torch.no_grad()
def sgd_step_(params, lr):
    for p in params:
        if p.grad is not None:
            p.add_(p.grad, alpha=-lr)
            p.grad = None


def train_autograd(x, y, w1, w2, lr, steps):
    losses = []
    for _ in range(steps):
        for w in (w1, w2):
            if w.grad is not None:
                w.grad.zero_()
        pred = torch.relu(x @ w1) @ w2
        loss = torch.nn.functional.mse_loss(pred, y, reduction="sum")
        losses.append(loss.item())
        loss.backward()
        sgd_step_([w1, w2], lr)
    return losses
