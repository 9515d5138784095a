"""Wrong: each epoch's value is the mean over samples (each batch's loss weighted by its size), which equals the mean of batch losses only when every batch has the same size."""

CAUGHT_BY = ["each_batch_counts_once_in_the_mean"]


def train(model, loss_fn, optimizer, batches, epochs: int, scheduler=None) -> list[float]:
    model.train()
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
