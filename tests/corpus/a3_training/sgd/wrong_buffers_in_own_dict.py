"""Wrong (the contract: buffers in self.state[p]["momentum_buffer"], so state_dicts interchange with torch's): the buffers live in a dict of the optimizer's own, self.buffers[p], which state_dict() and load_state_dict() know nothing of."""

CAUGHT_BY = ['state_dict_holds_each_momentum_buffer', 'state_dicts_interchange_with_torch']


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
        self.buffers = {}

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
                if group["weight_decay"] != 0:
                    update = update.add(p, alpha=group["weight_decay"])
                if group["momentum"] != 0:
                    if p not in self.buffers:
                        buffer = self.buffers[p] = update.clone().detach()
                    else:
                        buffer = self.buffers[p]
                        buffer.mul_(group["momentum"]).add_(update, alpha=1 - group["dampening"])
                    update = update.add(buffer, alpha=group["momentum"]) if group["nesterov"] else buffer
                p.add_(update, alpha=-group["lr"])
        return loss
