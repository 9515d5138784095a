"""Right: train uses model.train(), enumerates the epochs and computes each mean with statistics.fmean."""

import statistics


def train(model, loss_fn, optimizer, batches, epochs: int, scheduler=None) -> list[float]:
    model.train()
    history = []
    for epoch in range(epochs):
        losses = []
        for x, y in batches:
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            losses.append(float(loss.detach()))
        history.append(statistics.fmean(losses))
        if scheduler:
            scheduler.step()
    return history
