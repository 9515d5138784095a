"""Wrong (the contract: step() reads every hyperparameter from its group at each call): __init__ copies lr, momentum, dampening, weight_decay and nesterov into attributes and step() uses those, so a group's own lr, a scheduler or a later change of group["lr"] has no effect."""

CAUGHT_BY = ['hyperparameters_are_read_at_every_step', 'a_torch_scheduler_drives_it', 'each_group_uses_its_own_hyperparameters']


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
        self.lr = lr
        self.momentum = momentum
        self.dampening = dampening
        self.weight_decay = weight_decay
        self.nesterov = nesterov

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                update = p.grad
                if self.weight_decay != 0:
                    update = update.add(p, alpha=self.weight_decay)
                if self.momentum != 0:
                    state = self.state[p]
                    if "momentum_buffer" not in state:
                        buffer = state["momentum_buffer"] = update.clone().detach()
                    else:
                        buffer = state["momentum_buffer"]
                        buffer.mul_(self.momentum).add_(update, alpha=1 - self.dampening)
                    update = update.add(buffer, alpha=self.momentum) if self.nesterov else buffer
                p.add_(update, alpha=-self.lr)
        return loss
