"""Wrong (the contract: nothing the caller owns changes; the batches in the order given): each epoch starts with random.shuffle(batches), which reorders the caller's list in place (and the steps no longer follow the reference loop's order)."""

import random

CAUGHT_BY = ['lr_seen_at_each_step_follows_the_schedule', 'gradients_are_cleared_every_batch', 'returns_the_mean_loss_of_each_epoch', 'weights_follow_every_step', 'works_without_a_scheduler', 'training_lowers_the_loss']


def train(model, loss_fn, optimizer, batches, epochs: int, scheduler=None) -> list[float]:
    means = []
    for _ in range(epochs):
        random.shuffle(batches)
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
