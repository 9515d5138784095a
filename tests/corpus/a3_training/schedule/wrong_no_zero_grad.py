"""Wrong: train never calls optimizer.zero_grad(), so every step uses the sum of all gradients so far."""

CAUGHT_BY = [
    "gradients_are_cleared_every_batch",
    "returns_the_mean_loss_of_each_epoch",
    "weights_follow_every_step",
    "works_without_a_scheduler",
]


def train(model, loss_fn, optimizer, batches, epochs: int, scheduler=None) -> list[float]:
    means = []
    for _ in range(epochs):
        total = 0.0
        for x, y in batches:
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item()
        if scheduler is not None:
            scheduler.step()
        means.append(total / len(batches))
    return means
