"""Probes of a3_training/schedule: lr_at_epoch, and train driving a recording optimizer."""

import torch
import torch.nn.functional as F

from graders.inside.door import call, probe
from graders.inside.plain import Maybe


class RecordingSGD(torch.optim.SGD):
    """torch.optim.SGD that records, at each step, the lr, the gradients and the parameters
    it is about to update."""

    def __init__(self, params, lr):
        super().__init__(params, lr=lr)
        self.lrs, self.grads, self.at = [], [], []

    def step(self, closure=None):
        params = [p for g in self.param_groups for p in g["params"]]
        self.lrs.append(self.param_groups[0]["lr"])
        self.grads.append([None if p.grad is None else p.grad.clone() for p in params])
        self.at.append([p.detach().clone() for p in params])
        return super().step(closure)


STALE = 0.5  # the gradient left on every parameter before train, where a check leaves one


@probe(returns=object)
def run_lr_at_epoch(mod, s):
    return call(mod.lr_at_epoch, s.base_lr, list(s.milestones), s.gamma, s.epoch)


@probe(
    returns={
        "means": object,
        "lrs": [float],
        "grads": [[Maybe(torch.Tensor)]],
        "at": [[torch.Tensor]],
        "params": [torch.Tensor],
        "buffers": [torch.Tensor],
        "training": bool,
    }
)
def run_train(mod, task, batches, with_scheduler, stale=False):
    """train on the task's model with a recording SGD; with `stale`, every parameter holds a
    gradient (STALE everywhere) when train is called, as after an earlier backward."""
    model = task.model(device=batches[0][0].device)
    if stale:
        for p in model.parameters():
            p.grad = torch.full_like(p, STALE)
    opt = RecordingSGD(model.parameters(), lr=task.lr)
    scheduler = (
        torch.optim.lr_scheduler.MultiStepLR(opt, list(task.milestones), task.gamma)
        if with_scheduler
        else None
    )
    means = call(
        mod.train, model, F.mse_loss, opt, batches, task.epochs, scheduler, changes=(0, 2, 5)
    )
    return {
        "means": means,
        "lrs": [float(lr) for lr in opt.lrs],
        "grads": opt.grads,
        "at": opt.at,
        "params": list(model.parameters()),
        "buffers": list(model.buffers()),
        "training": bool(model.training),
    }
