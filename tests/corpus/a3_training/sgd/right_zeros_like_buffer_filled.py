"""Right: a new momentum buffer is torch.zeros_like(p) (on the parameter's device) into which the first decayed gradient is copied, so it starts equal to that gradient; Nesterov's look-ahead and the update are written with out-of-place arithmetic and p.sub_."""


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
                d_p = p.grad
                if group["weight_decay"]:
                    d_p = d_p + group["weight_decay"] * p
                if group["momentum"]:
                    state = self.state[p]
                    if "momentum_buffer" not in state:
                        state["momentum_buffer"] = torch.zeros_like(p).copy_(d_p)
                    else:
                        state["momentum_buffer"].mul_(group["momentum"]).add_((1 - group["dampening"]) * d_p)
                    buf = state["momentum_buffer"]
                    d_p = d_p + group["momentum"] * buf if group["nesterov"] else buf
                p.sub_(group["lr"] * d_p)
        return loss
