"""Wrong: the epoch's loss is the per-sample mean, sum(loss * len(x)) / number of samples, so a large batch counts for more than a small one (the contract: the mean of the batch losses, each batch once)."""

CAUGHT_BY = ["each_batch_counts_once_in_the_mean"]


def train(model, loss_fn, optimizer, batches, epochs: int, scheduler=None) -> list[float]:
    means = []
    for _ in range(epochs):
        total, samples = 0.0, 0
        for x, y in batches:
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(x)
            samples += len(x)
        if scheduler is not None:
            scheduler.step()
        means.append(total / samples)
    return means
