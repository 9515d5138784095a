"""Wrong (the contract: each buffer lives in self.state[p]["momentum_buffer"], as in torch.optim.SGD): the buffer is kept as self.state[p]["velocity"], so state_dict() has no momentum_buffer and a torch.optim.SGD state_dict loaded into this SGD starts momentum over."""

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
                    state = self.state[p]
                    if "velocity" not in state:
                        velocity = state["velocity"] = update.clone().detach()
                    else:
                        velocity = state["velocity"]
                        velocity.mul_(group["momentum"]).add_(update, alpha=1 - group["dampening"])
                    update = update.add(velocity, alpha=group["momentum"]) if group["nesterov"] else velocity
                p.add_(update, alpha=-group["lr"])
        return loss
