"""Wrong (the contract: step() reads every hyperparameter from its group at each call): the first step() reads each group's hyperparameters into a list, and later steps reuse it to save the dict look-ups, so a scheduler's or the caller's later change of a group is ignored."""

CAUGHT_BY = ['hyperparameters_are_read_at_every_step', 'a_torch_scheduler_drives_it']

HYPERPARAMETERS = ("lr", "momentum", "dampening", "weight_decay", "nesterov")


class SGD(torch.optim.Optimizer):
    def __init__(self, params, lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if momentum < 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay, nesterov=nesterov))

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        if not hasattr(self, "_settings"):
            self._settings = [tuple(group[k] for k in HYPERPARAMETERS) for group in self.param_groups]
        for group, (lr, momentum, dampening, weight_decay, nesterov) in zip(self.param_groups, self._settings):
            for p in group["params"]:
                if p.grad is None:
                    continue
                update = p.grad
                if weight_decay != 0:
                    update = update.add(p, alpha=weight_decay)
                if momentum != 0:
                    state = self.state[p]
                    if "momentum_buffer" not in state:
                        buffer = state["momentum_buffer"] = update.clone().detach()
                    else:
                        buffer = state["momentum_buffer"]
                        buffer.mul_(momentum).add_(update, alpha=1 - dampening)
                    update = update.add(buffer, alpha=momentum) if nesterov else buffer
                p.add_(update, alpha=-lr)
        return loss
