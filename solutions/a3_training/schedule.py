"""a3_training / schedule: the training loop and learning-rate schedules.

Every training step does the same five things, always in this order: clear the gradients
(`optimizer.zero_grad()`), forward (`pred = model(x)`), loss (`loss = loss_fn(pred, y)`),
backward (`loss.backward()`), step (`optimizer.step()`). The first one is the easy one to
forget, and forgetting it raises no error: `backward()` does not overwrite `.grad`, it adds
into it, so every step would follow the sum of all the gradients so far. Two backward calls
through `w * w` at `w = 3` (gradient `2 * w = 6`) give twice the gradient:

    >>> import torch
    >>> w = torch.tensor(3.0, requires_grad=True)
    >>> (w * w).backward()
    >>> w.grad
    tensor(6.)
    >>> (w * w).backward()
    >>> w.grad
    tensor(12.)
    >>> w.grad = None  # what optimizer.zero_grad() does, by default

The learning rate need not stay fixed. A large one makes fast progress early on; a smaller one
later lets the weights settle into a minimum instead of bouncing around it. A scheduler wraps
the optimizer and rewrites the `"lr"` of its param groups. Call `scheduler.step()` once per
epoch, after that epoch's batches (torch warns if you call it before `optimizer.step()`).
`MultiStepLR` multiplies the learning rate by `gamma` each time the epoch reaches a milestone
(`scheduler.get_last_lr()` would give the same numbers):

    >>> opt = torch.optim.SGD([w], lr=0.1)
    >>> sched = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[2, 4], gamma=0.1)
    >>> rates = []
    >>> for epoch in range(6):
    ...     rates.append(round(opt.param_groups[0]["lr"], 6))
    ...     opt.step()  # stands for the epoch's batches
    ...     sched.step()
    >>> rates
    [0.1, 0.1, 0.01, 0.01, 0.001, 0.001]

What to implement:

- `lr_at_epoch(base_lr, milestones, gamma, epoch)`: the rate above during a given epoch, worked
  out with arithmetic instead of running a scheduler. Traps: epochs count from 0, a milestone
  equal to `epoch` already applies (epoch 2 above runs at 0.01), a milestone listed twice
  applies twice, and the milestones need not be sorted.
- `train(model, loss_fn, optimizer, batches, epochs, scheduler=None)`: a loop over epochs
  around a loop over batches doing the five steps in order, `scheduler.step()` once after each
  epoch's batches when a scheduler is given, and the mean loss of each epoch as plain floats
  (take `loss.item()`, so that you keep a number and not a whole graph). Each batch counts
  once in the mean, whatever its size. Clear the gradients before each backward, not after
  each step: gradients left on the model before `train` is called must never reach a step.
  The model trains in training mode (`model.train()`) and is left in it.

Run the checks:  pytest exercises/a3_training/test_schedule.py
"""

import torch


def lr_at_epoch(base_lr: float, milestones, gamma: float, epoch: int) -> float:
    """The learning rate MultiStepLR(milestones, gamma) gives during epoch `epoch` (0-based):
    base_lr times gamma once for every milestone <= epoch (a repeated milestone counts for
    each repetition)."""
    # TODO: count the milestones that have been reached.
    ### BEGIN SOLUTION
    return base_lr * gamma ** sum(1 for m in milestones if m <= epoch)
    ### END SOLUTION


def train(model, loss_fn, optimizer, batches, epochs: int, scheduler=None) -> list[float]:
    """Train for `epochs` epochs over `batches` (a list of (x, y)); after each epoch's
    batches step the scheduler once, if one is given. Return the mean loss of each epoch as
    plain floats, each batch counting once whatever its size.

    Clear the gradients before each backward (gradients left on the model before train is
    called never reach a step). Train in training mode and leave the model in it."""
    # TODO: model.train(); two loops; zero_grad, forward, loss, backward, step in the inner one.
    ### BEGIN SOLUTION
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
    return means
    ### END SOLUTION
