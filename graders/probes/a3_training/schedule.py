"""Probes of a3_training/schedule: lr_at_epoch, and train driving a recording optimizer."""

import torch
import torch.nn.functional as F

from graders.door import call, probe
from graders.plain import Maybe


class RecordingSGD(torch.optim.SGD):
    """torch.optim.SGD that records the lr and the gradients it sees at each step."""

    def __init__(self, params, lr):
        super().__init__(params, lr=lr)
        self.lrs, self.grads = [], []

    def step(self, closure=None):
        self.lrs.append(self.param_groups[0]["lr"])
        self.grads.append(
            [
                None if p.grad is None else p.grad.clone()
                for g in self.param_groups
                for p in g["params"]
            ]
        )
        return super().step(closure)


@probe(returns=object)
def run_lr_at_epoch(mod, s):
    return call(mod.lr_at_epoch, s.base_lr, list(s.milestones), s.gamma, s.epoch)


@probe(
    returns={
        "means": object,
        "lrs": [float],
        "grads": [[Maybe(torch.Tensor)]],
        "params": [torch.Tensor],
        "buffers": [torch.Tensor],
    }
)
def run_train(mod, task, batches, with_scheduler):
    model = task.model(device=batches[0][0].device)
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
        "params": list(model.parameters()),
        "buffers": list(model.buffers()),
    }
