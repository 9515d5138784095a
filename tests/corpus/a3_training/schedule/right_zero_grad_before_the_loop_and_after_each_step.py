"""Right: model.zero_grad() once before the loops and optimizer.zero_grad() after every step: stale gradients are cleared before the first backward, and every later backward starts clean too."""


def train(model, loss_fn, optimizer, batches, epochs: int, scheduler=None) -> list[float]:
    model.zero_grad()
    means = []
    for _ in range(epochs):
        losses = []
        for x, y in batches:
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
            losses.append(loss.item())
        if scheduler is not None:
            scheduler.step()
        means.append(sum(losses) / len(losses))
    return means
