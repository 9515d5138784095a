"""Wrong: train returns the loss of each epoch's last batch instead of the epoch's mean loss."""

CAUGHT_BY = ["returns_the_mean_loss_of_each_epoch", "works_without_a_scheduler"]


def train(model, loss_fn, optimizer, batches, epochs: int, scheduler=None) -> list[float]:
    losses = []
    for _ in range(epochs):
        for x, y in batches:
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
        if scheduler is not None:
            scheduler.step()
        losses.append(loss.item())
    return losses
