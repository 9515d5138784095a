"""Wrong (the contract: step() reads every hyperparameter from its group at each call, not just lr): lr comes from the group, but momentum, dampening, weight_decay and nesterov were kept as attributes in __init__, so setting group["momentum"] or group["weight_decay"] between steps changes nothing."""

CAUGHT_BY = ['hyperparameters_are_read_at_every_step']


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
        self.momentum, self.dampening, self.weight_decay, self.nesterov = momentum, dampening, weight_decay, nesterov

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
                p.add_(update, alpha=-group["lr"])
        return loss
