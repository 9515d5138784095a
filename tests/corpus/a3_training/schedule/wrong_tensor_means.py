"""Wrong: train accumulates the loss tensors and returns tensors (still in the graph) instead of plain floats."""

CAUGHT_BY = ["returns_the_mean_loss_of_each_epoch", "works_without_a_scheduler"]


def train(model, loss_fn, optimizer, batches, epochs: int, scheduler=None) -> list[float]:
    means = []
    for _ in range(epochs):
        total = 0
        for x, y in batches:
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            total = total + loss
        if scheduler is not None:
            scheduler.step()
        means.append(total / len(batches))
    return means
