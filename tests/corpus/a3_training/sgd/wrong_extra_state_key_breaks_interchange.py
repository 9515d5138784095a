"""Wrong (the contract: buffers in self.state[p]['momentum_buffer'], as torch keeps them, so state_dicts interchange): the buffer starts as zeros and is overwritten with a copy of g on the first step, which a step counter of its own in the state tells; torch's state has no counter, so it cannot be loaded into this SGD."""

CAUGHT_BY = ['state_dicts_interchange_with_torch']



class SGD(torch.optim.Optimizer):
    def __init__(self, params, lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        for name, value in (("lr", lr), ("momentum", momentum), ("weight_decay", weight_decay)):
            if value < 0:
                raise ValueError(f"Invalid {name}: {value}")
        if nesterov and not (momentum > 0 and dampening == 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay, nesterov=nesterov))

    def _update(self, p, group):
        d = p.grad
        if group["weight_decay"]:
            d = d + group["weight_decay"] * p
        if group["momentum"]:
            state = self.state[p]
            if not state:
                state["momentum_buffer"] = torch.zeros_like(p)
                state["steps"] = 0
            buf = state["momentum_buffer"]
            if state["steps"] == 0:
                buf.copy_(d)
            else:
                buf.mul_(group["momentum"]).add_(d, alpha=1 - group["dampening"])
            state["steps"] += 1
            d = d + group["momentum"] * buf if group["nesterov"] else buf
        p.copy_(p - group["lr"] * d)

    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        with torch.no_grad():
            for group in self.param_groups:
                for p in filter(lambda q: q.grad is not None, group["params"]):
                    self._update(p, group)
        return loss
