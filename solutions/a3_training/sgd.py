"""a3_training / sgd: an optimizer from scratch.

An optimizer walks the parameters downhill: w <- w - lr * g. Its extras, in the order
torch.optim.SGD applies them to a parameter's gradient g:
- weight decay adds weight_decay * w to g (an L2 penalty on the weights);
- momentum keeps a running buffer b, per parameter: b = g on the first step, then
  b <- momentum * b + (1 - dampening) * g; the update uses b (with nesterov: g + momentum * b).
Subclassing torch.optim.Optimizer gives you param_groups (each group has its own lr, ...),
self.state (a dict per parameter, kept across steps), zero_grad() and state_dict() for free.

Run the checks:  pytest exercises/a3_training/test_sgd.py
"""

import torch


class SGD(torch.optim.Optimizer):
    """Stochastic gradient descent with momentum, dampening, weight decay and Nesterov,
    giving the same updates as torch.optim.SGD (written without it)."""

    def __init__(self, params, lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        """Check the arguments where torch.optim.SGD does (ValueError for lr < 0, momentum < 0,
        weight_decay < 0, and nesterov without momentum or with dampening), then call
        super().__init__(params, defaults) with the hyperparameters as the defaults dict."""
        # TODO: the four checks, then super().__init__.
        ### BEGIN SOLUTION
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if momentum < 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        defaults = dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay, nesterov=nesterov)
        super().__init__(params, defaults)
        ### END SOLUTION

    @torch.no_grad()
    def step(self, closure=None):
        """One update of every parameter that has a gradient, group by group. If a closure is
        given, call it first (with gradients enabled) and return its loss."""
        # TODO: for each group, for each p with p.grad: weight decay, momentum (buffer in
        # self.state[p]), then p.add_(update, alpha=-lr).
        ### BEGIN SOLUTION
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            lr, momentum, dampening = group["lr"], group["momentum"], group["dampening"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                update = p.grad
                if group["weight_decay"] != 0:
                    update = update.add(p, alpha=group["weight_decay"])
                if momentum != 0:
                    state = self.state[p]
                    if "momentum_buffer" not in state:
                        buffer = state["momentum_buffer"] = update.clone().detach()
                    else:
                        buffer = state["momentum_buffer"]
                        buffer.mul_(momentum).add_(update, alpha=1 - dampening)
                    update = update.add(buffer, alpha=momentum) if group["nesterov"] else buffer
                p.add_(update, alpha=-lr)
        return loss
        ### END SOLUTION
