"""Wrong: optimizer.step() is called before loss.backward(), so each step sees no gradient of the current batch."""

CAUGHT_BY = [
    "gradients_are_cleared_every_batch",
    "training_lowers_the_loss",
    "weights_follow_every_step",
    "returns_the_mean_loss_of_each_epoch",
    "works_without_a_scheduler",
]


def train(model, loss_fn, optimizer, batches, epochs: int, scheduler=None) -> list[float]:
    means = []
    for _ in range(epochs):
        total = 0.0
        for x, y in batches:
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            optimizer.step()
            loss.backward()
            total += loss.item()
        if scheduler is not None:
            scheduler.step()
        means.append(total / len(batches))
    return means
