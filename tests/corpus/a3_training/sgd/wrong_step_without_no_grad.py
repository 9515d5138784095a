"""Wrong: step() is not decorated with @torch.no_grad(), so the in-place update of a leaf that requires grad raises."""

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

    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            momentum, dampening = group["momentum"], group["dampening"]
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
                p.add_(update, alpha=-group["lr"])
        return loss
