"""Right: the update of one parameter is a module-level function taking the group and the state dict; the buffer starts as torch.clone of the decayed gradient, every hyperparameter is read from the group at each call, and the check of the arguments goes through a loop."""


def _sgd_update(p, group, state):
    grad = p.grad if group["weight_decay"] == 0 else torch.add(p.grad, p, alpha=group["weight_decay"])
    momentum = group["momentum"]
    if momentum:
        buf = state.get("momentum_buffer")
        if buf is None:
            buf = state["momentum_buffer"] = torch.clone(grad).detach()
        else:
            buf.mul_(momentum).add_(grad, alpha=1.0 - group["dampening"])
        grad = torch.add(grad, buf, alpha=momentum) if group["nesterov"] else buf
    p.add_(grad, alpha=-group["lr"])


class SGD(torch.optim.Optimizer):
    def __init__(self, params, lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        for name, value in (("learning rate", lr), ("momentum value", momentum), ("weight_decay value", weight_decay)):
            if value < 0.0:
                raise ValueError(f"Invalid {name}: {value}")
        if nesterov and not (momentum > 0 and dampening == 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        defaults = {"lr": lr, "momentum": momentum, "dampening": dampening, "weight_decay": weight_decay, "nesterov": nesterov}
        super().__init__(params, defaults)

    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        with torch.no_grad():
            for group in self.param_groups:
                for p in group["params"]:
                    if p.grad is not None:
                        _sgd_update(p, group, self.state[p])
        return loss
