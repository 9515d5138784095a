"""Right: checks in another order, buffer made with torch.clone(g).detach(), nesterov written as g + momentum * b, update with p.sub_(lr * d)."""


class SGD(torch.optim.Optimizer):
    def __init__(self, params, lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        if nesterov and momentum <= 0:
            raise ValueError("nesterov needs momentum > 0")
        if nesterov and dampening != 0:
            raise ValueError("nesterov needs dampening == 0")
        if weight_decay < 0:
            raise ValueError("weight_decay must be >= 0")
        if momentum < 0:
            raise ValueError("momentum must be >= 0")
        if lr < 0:
            raise ValueError("lr must be >= 0")
        defaults = {"lr": lr, "momentum": momentum, "dampening": dampening, "weight_decay": weight_decay, "nesterov": nesterov}
        super().__init__(params, defaults)

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            for p in group["params"]:
                g = p.grad
                if g is None:
                    continue
                g = g + group["weight_decay"] * p
                m = group["momentum"]
                if m > 0:
                    state = self.state[p]
                    b = state.get("momentum_buffer")
                    if b is None:
                        b = torch.clone(g).detach()
                        state["momentum_buffer"] = b
                    else:
                        b.mul_(m)
                        b.add_((1 - group["dampening"]) * g)
                    d = g + m * b if group["nesterov"] else b
                else:
                    d = g
                p.sub_(group["lr"] * d)
        return loss
