"""Wrong: subclasses torch.optim.SGD and hands the work to it (super().__init__, super().step())."""

CAUGHT_BY = ['plain_step_matches_torch', 'several_steps_match_torch', 'each_group_uses_its_own_hyperparameters', 'parameters_without_gradient_are_skipped', 'parameters_stay_leaves', 'state_dict_holds_each_momentum_buffer', 'step_returns_the_closure_loss', 'does_not_hand_the_work_to_torch_sgd']


class SGD(torch.optim.SGD):
    def __init__(self, params, lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay, nesterov=nesterov)

    def step(self, closure=None):
        return super().step(closure)
