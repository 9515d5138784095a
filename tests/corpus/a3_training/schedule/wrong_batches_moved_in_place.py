"""Wrong (the contract: nothing the caller owns changes): before training, every (x, y) of the caller's list is replaced by a pair moved to the model's device and dtype, batches[i] = (x.to(...), y.to(...)), so the caller's list holds other objects afterwards."""

CAUGHT_BY = ['lr_seen_at_each_step_follows_the_schedule', 'gradients_are_cleared_every_batch', 'returns_the_mean_loss_of_each_epoch', 'weights_follow_every_step', 'works_without_a_scheduler', 'training_lowers_the_loss']


def train(model, loss_fn, optimizer, batches, epochs: int, scheduler=None) -> list[float]:
    weight = next(model.parameters())
    for i, (x, y) in enumerate(batches):
        batches[i] = (x.to(weight.device, weight.dtype), y.to(weight.device, weight.dtype))
    means = []
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
        means.append(total / len(batches))
    return means
