"""Wrong (the contract: every epoch trains in training mode): model.train() is called once before the loop and model.train(False) (eval mode) at the end of each epoch, as in a loop with a validation phase, so from the second epoch on BatchNorm runs in eval mode and its statistics stop updating."""

CAUGHT_BY = ['weights_follow_every_step']


def train(model, loss_fn, optimizer, batches, epochs: int, scheduler=None) -> list[float]:
    model.train()
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
        model.train(False)  # end of the epoch: evaluation mode
    return means
