"""Wrong: train returns the sum of each epoch's batch losses instead of their mean."""

CAUGHT_BY = ["returns_the_mean_loss_of_each_epoch", "works_without_a_scheduler"]


def train(model, loss_fn, optimizer, batches, epochs: int, scheduler=None) -> list[float]:
    sums = []
    for _ in range(epochs):
        total = 0.0
        for x, y in batches:
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item()
        if scheduler is not None:
            scheduler.step()
        sums.append(total)
    return sums
