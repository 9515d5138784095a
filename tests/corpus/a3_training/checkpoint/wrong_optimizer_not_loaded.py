"""Wrong: both state_dicts are saved, but load_checkpoint restores only the model, not the optimizer."""

CAUGHT_BY = [
    "load_restores_the_optimizer_state",
    "resuming_sgd_with_momentum_equals_uninterrupted_training",
    "resuming_adam_equals_uninterrupted_training",
]


def load_checkpoint(path, model, optimizer) -> int:
    device = next(model.parameters()).device
    checkpoint = torch.load(path, map_location=device, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    return checkpoint["epoch"]
