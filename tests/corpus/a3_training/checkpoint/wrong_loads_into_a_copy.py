"""Wrong: load_checkpoint rebinds model to a copy and loads the weights into that copy, so the model passed in is never restored."""

import copy

CAUGHT_BY = [
    "load_restores_the_model_it_is_given",
    "resuming_sgd_with_momentum_equals_uninterrupted_training",
    "resuming_adam_equals_uninterrupted_training",
]


def load_checkpoint(path, model, optimizer) -> int:
    device = next(model.parameters()).device
    checkpoint = torch.load(path, map_location=device, weights_only=True)
    model = copy.deepcopy(model)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epoch"]
