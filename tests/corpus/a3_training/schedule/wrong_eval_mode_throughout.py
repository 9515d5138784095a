"""Wrong (the contract: the model trains in training mode): train calls model.train(False) (eval mode) first, for reproducible runs, so a BatchNorm layer normalises with its running statistics and never updates them, and the weights drift from the reference loop's."""

CAUGHT_BY = ['weights_follow_every_step']


def train(model, loss_fn, optimizer, batches, epochs: int, scheduler=None) -> list[float]:
    model.train(False)  # eval mode: deterministic
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
