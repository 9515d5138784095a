"""Wrong: train steps the scheduler at the start of each epoch, before its batches, so every decay comes one epoch early."""

CAUGHT_BY = [
    "lr_seen_at_each_step_follows_the_schedule",
    "returns_the_mean_loss_of_each_epoch",
    "weights_follow_every_step",
]
PASSES = ["gradients_are_cleared_every_batch"]  # it clears them: its hint would not fit


def train(model, loss_fn, optimizer, batches, epochs: int, scheduler=None) -> list[float]:
    means = []
    for _ in range(epochs):
        if scheduler is not None:
            scheduler.step()
        total = 0.0
        for x, y in batches:
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item()
        means.append(total / len(batches))
    return means
