"""Wrong (the contract: it must not call torch.optim.SGD): __init__ builds a torch.optim.SGD over the same groups and step() hands every update to it, copying its buffers into self.state so that state_dict() looks right."""

CAUGHT_BY = ['does_not_hand_the_work_to_torch_sgd', 'plain_step_matches_torch', 'several_steps_match_torch']


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
        self._engine = torch.optim.SGD(self.param_groups)

    @torch.no_grad()
    def step(self, closure=None):
        loss = self._engine.step(closure)
        for p, state in self._engine.state.items():
            if "momentum_buffer" in state and state["momentum_buffer"] is not None:
                self.state[p]["momentum_buffer"] = state["momentum_buffer"]
        return loss
