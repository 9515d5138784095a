"""Wrong: the epoch's loss is a running mean updated per sample, mean += (loss - mean) * n / seen, which weighs each batch by its size instead of counting each batch once."""

CAUGHT_BY = ["each_batch_counts_once_in_the_mean"]


def train(model, loss_fn, optimizer, batches, epochs: int, scheduler=None) -> list[float]:
    means = []
    for _ in range(epochs):
        mean, seen = 0.0, 0
        for x, y in batches:
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            n = x.shape[0]
            seen += n
            mean += (loss.item() - mean) * n / seen
        if scheduler is not None:
            scheduler.step()
        means.append(mean)
    return means
