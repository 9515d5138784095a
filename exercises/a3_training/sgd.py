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
        raise NotImplementedError("SGD.__init__: replace this line with your code")

    @torch.no_grad()
    def step(self, closure=None):
        """One update of every parameter that has a gradient, group by group. If a closure is
        given, call it first (with gradients enabled) and return its loss."""
        # TODO: for each group, for each p with p.grad: weight decay, momentum (buffer in
        # self.state[p]), then p.add_(update, alpha=-lr).
        raise NotImplementedError("SGD.step: replace this line with your code")
