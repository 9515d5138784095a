"""Wrong (the contract: weight decay leaves p.grad unchanged): the decay term is added into the gradient in place, p.grad.add_(p, alpha=weight_decay), so the caller's .grad holds the decayed gradient after step()."""

CAUGHT_BY = ['weight_decay_leaves_the_gradient_unchanged']


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
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                if group["weight_decay"] != 0:
                    p.grad.add_(p, alpha=group["weight_decay"])
                update = p.grad
                if group["momentum"] != 0:
                    state = self.state[p]
                    if "momentum_buffer" not in state:
                        buffer = state["momentum_buffer"] = update.clone().detach()
                    else:
                        buffer = state["momentum_buffer"]
                        buffer.mul_(group["momentum"]).add_(update, alpha=1 - group["dampening"])
                    update = update.add(buffer, alpha=group["momentum"]) if group["nesterov"] else buffer
                p.add_(update, alpha=-group["lr"])
        return loss
