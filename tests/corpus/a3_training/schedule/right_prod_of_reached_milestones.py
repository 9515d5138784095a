"""Right: lr_at_epoch multiplies base_lr by math.prod of one gamma per reached milestone; train keeps each epoch's batch losses in a list and divides their math.fsum by its length."""

import math


def lr_at_epoch(base_lr: float, milestones, gamma: float, epoch: int) -> float:
    return base_lr * math.prod(gamma for m in milestones if m <= epoch)


def train(model, loss_fn, optimizer, batches, epochs: int, scheduler=None) -> list[float]:
    history = []
    for _ in range(epochs):
        losses = []
        for x, y in batches:
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        if scheduler:
            scheduler.step()
        history.append(math.fsum(losses) / len(losses))
    return history
