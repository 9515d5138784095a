"""Right: each group is updated at once with torch._foreach_* list operations (out of place for the decay term, so p.grad is untouched), new buffers made with torch.clone, and every buffer still kept in self.state[p]["momentum_buffer"]."""


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
            lr, momentum, dampening = group["lr"], group["momentum"], group["dampening"]
            params = [p for p in group["params"] if p.grad is not None]
            if not params:
                continue
            grads = [p.grad for p in params]
            if group["weight_decay"] != 0:
                grads = torch._foreach_add(grads, params, alpha=group["weight_decay"])
            if momentum != 0:
                old = [i for i, p in enumerate(params) if "momentum_buffer" in self.state[p]]
                new = [i for i, p in enumerate(params) if "momentum_buffer" not in self.state[p]]
                if old:
                    buffers = [self.state[params[i]]["momentum_buffer"] for i in old]
                    torch._foreach_mul_(buffers, momentum)
                    torch._foreach_add_(buffers, [grads[i] for i in old], alpha=1 - dampening)
                for i in new:
                    self.state[params[i]]["momentum_buffer"] = torch.clone(grads[i]).detach()
                buffers = [self.state[p]["momentum_buffer"] for p in params]
                grads = torch._foreach_add(grads, buffers, alpha=momentum) if group["nesterov"] else buffers
            torch._foreach_add_(params, grads, alpha=-lr)
        return loss
