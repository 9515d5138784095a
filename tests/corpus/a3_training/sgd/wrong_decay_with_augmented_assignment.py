"""Wrong (the contract: weight decay leaves p.grad unchanged): g = p.grad names the gradient itself, and g += weight_decay * p on a tensor works in place, so the caller's .grad is decayed too."""

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
            lr, momentum, dampening, weight_decay = group["lr"], group["momentum"], group["dampening"], group["weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad
                if weight_decay:
                    g += weight_decay * p
                if momentum:
                    state = self.state[p]
                    if "momentum_buffer" in state:
                        buf = state["momentum_buffer"]
                        buf.mul_(momentum).add_(g, alpha=1 - dampening)
                    else:
                        buf = state["momentum_buffer"] = g.detach().clone()
                    g = g + momentum * buf if group["nesterov"] else buf
                p -= lr * g
        return loss
