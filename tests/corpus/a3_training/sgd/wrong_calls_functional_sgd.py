"""Wrong: collects the gradients and buffers, then calls torch's functional SGD (torch.optim._functional.sgd) to do the update."""

import torch.optim._functional as optim_functional

CAUGHT_BY = ['plain_step_matches_torch', 'several_steps_match_torch', 'each_group_uses_its_own_hyperparameters', 'parameters_without_gradient_are_skipped', 'parameters_stay_leaves', 'state_dict_holds_each_momentum_buffer', 'step_returns_the_closure_loss', 'does_not_hand_the_work_to_torch_sgd']


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
            params = [p for p in group["params"] if p.grad is not None]
            grads = [p.grad for p in params]
            buffers = [self.state[p].get("momentum_buffer") for p in params]
            optim_functional.sgd(
                params, grads, buffers,
                weight_decay=group["weight_decay"], momentum=group["momentum"], lr=group["lr"],
                dampening=group["dampening"], nesterov=group["nesterov"], maximize=False,
            )
            if group["momentum"] != 0:
                for p, b in zip(params, buffers):
                    self.state[p]["momentum_buffer"] = b
        return loss
