"""a3_training / sgd: an optimizer from scratch.

Training is a walk downhill. After `loss.backward()` every parameter `w` holds its gradient
`g` in `w.grad`: the direction in which the loss grows fastest. The optimizer takes a small
step the other way, `w <- w - lr * g`: that one line is plain stochastic gradient descent.
`torch.optim.SGD` adds optional extras, applied to each parameter's gradient in this order:

- weight decay: `g <- g + weight_decay * w`, the gradient of an L2 penalty that pulls every
  weight a little towards zero;
- momentum: a running buffer `b`, one per parameter, that remembers the past steps. On the
  first step it is simply the gradient, `b = g`; after that `b <- momentum * b + g`, and the
  update uses `b` instead of `g`. Steps that keep the same direction add up and speed up, steps
  that zigzag back and forth cancel out;
- dampening: scales down how much of each new gradient enters the buffer, so the rule becomes
  `b <- momentum * b + (1 - dampening) * g` (but never on the first step);
- Nesterov: step along `g + momentum * b` instead of `b`, a look-ahead that often settles
  faster. It needs a momentum and no dampening.

Here is `torch.optim.SGD` with momentum on one number, `w = 1`, with the loss `w ** 2` (so the
gradient is `2 * w`), for two steps; each line prints the gradient, the buffer and the new `w`:

    >>> import torch
    >>> w = torch.tensor([1.0], requires_grad=True)
    >>> opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
    >>> for _ in range(2):
    ...     opt.zero_grad()
    ...     (w ** 2).sum().backward()
    ...     opt.step()
    ...     b = opt.state[w]["momentum_buffer"]
    ...     print(round(w.grad.item(), 4), round(b.item(), 4), round(w.item(), 4))
    2.0 2.0 0.8
    1.6 3.4 0.46

By hand: the first buffer is the gradient, 2, so `w = 1 - 0.1 * 2 = 0.8`; then `g = 1.6`,
`b = 0.9 * 2 + 1.6 = 3.4` and `w = 0.8 - 0.1 * 3.4 = 0.46`. Plain SGD would only be at 0.64.

What to implement:

- `SGD.__init__`: raise `ValueError` where `torch.optim.SGD` does (a negative `lr`, `momentum`
  or `weight_decay`; `nesterov` without momentum or with dampening), then pass the
  hyperparameters as a dict of defaults to `super().__init__(params, defaults)`. The base class
  builds `self.param_groups`, filling in what a group leaves out from the defaults, and gives
  you `self.state`, `zero_grad()` and `state_dict()` for free.
- `SGD.step(closure=None)`: read the hyperparameters from each group at every call (groups may
  differ, and a scheduler, or code, may change `group["lr"]` between two steps: never copy them
  into attributes in `__init__`), and skip parameters whose `.grad` is None (only None: a
  gradient of zeros is still a gradient, so weight decay and momentum still apply). Keep each
  buffer in `self.state[p]["momentum_buffer"]`, the key `torch.optim.SGD` uses, so that
  `state_dict()`s interchange with torch's; start it as a copy of the first (decayed) gradient,
  not that tensor itself. Weight decay must not change `p.grad`; `p` changes in place (its
  own storage), unrecorded by autograd. `lr == 0` is a step like any other: the momentum
  buffer still updates, as in a warm-up from 0. If a closure is given, call it (with gradients
  enabled) and return its loss; without one, return None. If you override `zero_grad()`, it
  must behave as torch's default (`set_to_none=True`); the inherited one already does.

Run the checks:  pytest exercises/a3_training/test_sgd.py
"""

import torch


class SGD(torch.optim.Optimizer):
    """Stochastic gradient descent with momentum, dampening, weight decay and Nesterov,
    giving the same updates as torch.optim.SGD (written without it)."""

    def __init__(
        self, params, lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False
    ):
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
        defaults = dict(
            lr=lr,
            momentum=momentum,
            dampening=dampening,
            weight_decay=weight_decay,
            nesterov=nesterov,
        )
        super().__init__(params, defaults)
        ### END SOLUTION

    @torch.no_grad()
    def step(self, closure=None):
        """One update of every parameter that has a gradient, group by group, with the
        hyperparameters each group holds now; lr == 0 is a step like any other (momentum
        buffers still update). If a closure is given, call it first (with gradients enabled)
        and return its loss; else return None."""
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
