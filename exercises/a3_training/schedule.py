"""a3_training / schedule: the training loop and learning-rate schedules.

Every batch: clear the gradients (they accumulate), forward, loss, backward, optimizer.step().
A scheduler changes the learning rate between epochs: call scheduler.step() once, after the
epoch's batches. MultiStepLR multiplies the rate by gamma at each milestone epoch.

Run the checks:  pytest exercises/a3_training/test_schedule.py
"""

import torch


def lr_at_epoch(base_lr: float, milestones, gamma: float, epoch: int) -> float:
    """The learning rate MultiStepLR(milestones, gamma) gives during epoch `epoch` (0-based):
    base_lr times gamma once for every milestone <= epoch (a repeated milestone counts for
    each repetition)."""
    # TODO: count the milestones that have been reached.
    raise NotImplementedError("lr_at_epoch: replace this line with your code")


def train(model, loss_fn, optimizer, batches, epochs: int, scheduler=None) -> list[float]:
    """Train for `epochs` epochs over `batches` (a list of (x, y)); after each epoch's
    batches step the scheduler once, if one is given. Return the mean loss of each epoch as
    plain floats."""
    # TODO: two loops; zero_grad, forward, loss, backward, step in the inner one.
    raise NotImplementedError("train: replace this line with your code")
