"""Wrong: train steps the scheduler after every batch instead of once per epoch."""

CAUGHT_BY = [
    "lr_seen_at_each_step_follows_the_schedule",
    "gradients_are_cleared_every_batch",
    "returns_the_mean_loss_of_each_epoch",
    "weights_follow_every_step",
]


def train(model, loss_fn, optimizer, batches, epochs: int, scheduler=None) -> list[float]:
    means = []
    for _ in range(epochs):
        total = 0.0
        for x, y in batches:
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            if scheduler is not None:
                scheduler.step()
            total += loss.item()
        means.append(total / len(batches))
    return means
