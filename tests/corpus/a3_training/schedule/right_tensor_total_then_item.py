"""Right: train sums the detached loss tensors and calls .item() once per epoch, on the mean."""


def train(model, loss_fn, optimizer, batches, epochs: int, scheduler=None) -> list[float]:
    means = []
    for _ in range(epochs):
        total = None
        for x, y in batches:
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            total = loss.detach() if total is None else total + loss.detach()
        if scheduler is not None:
            scheduler.step()
        means.append((total / len(batches)).item())
    return means
