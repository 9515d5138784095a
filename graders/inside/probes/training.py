"""Training plumbing the a3_training probes share: building parameter groups, setting a
group's hyperparameters between steps, torch's optimizers and a few steps of training. torch's
machinery, not an answer to any exercise: the graders use it on their side too."""

from __future__ import annotations

import torch
import torch.nn.functional as F


def param_groups(params, layout, group_lrs) -> list[dict]:
    """Split `params` into groups of the given sizes; a group's lr is set where not None."""
    groups, start = [], 0
    for size, lr in zip(layout, group_lrs):
        group = {"params": params[start : start + size]}
        if lr is not None:
            group["lr"] = lr
        groups.append(group)
        start += size
    return groups


def apply_changes(optimizer, changes, step: int) -> None:
    """Set the hyperparameters that `changes` ((step, group, name, value), ...) gives for this
    step, as a scheduler or the student's code would between two steps."""
    for at, group, name, value in changes:
        if at == step:
            optimizer.param_groups[group][name] = value


def make_optimizer(name: str, params, lr: float, other: bool = False):
    """The optimizers the checkpoint checks resume: SGD with momentum, and Adam; `other`
    builds them with other hyperparameters (the fresh objects a checkpoint is loaded into)."""
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr, momentum=0.5 if other else 0.9)
    return torch.optim.Adam(params, lr=lr, betas=(0.5, 0.9) if other else (0.9, 0.999))


def train_steps(model, optimizer, batches, steps: int, start: int = 0, scheduler=None) -> None:
    """`steps` steps of MSE training, taking batches in turn from batch number `start`; a
    scheduler, when given, steps after each."""
    for step in range(start, start + steps):
        x, y = batches[step % len(batches)]
        optimizer.zero_grad()
        F.mse_loss(model(x), y).backward()
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
