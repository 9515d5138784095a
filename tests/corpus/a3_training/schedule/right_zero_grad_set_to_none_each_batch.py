"""Right: optimizer.zero_grad(set_to_none=True) at the start of every batch, and the epoch's mean as a running mean over batches (mean += (loss - mean) / (i + 1))."""


def train(model, loss_fn, optimizer, batches, epochs: int, scheduler=None) -> list[float]:
    model.train()
    means = []
    for _ in range(epochs):
        mean = 0.0
        for i, (x, y) in enumerate(batches):
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            mean += (loss.item() - mean) / (i + 1)
        if scheduler is not None:
            scheduler.step()
        means.append(mean)
    return means
