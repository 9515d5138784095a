"""Wrong: load_checkpoint builds a new optimizer of the same class and loads the state into it, leaving the optimizer passed in empty."""

CAUGHT_BY = [
    "load_restores_the_optimizer_state",
    "resuming_sgd_with_momentum_equals_uninterrupted_training",
    "resuming_adam_equals_uninterrupted_training",
]


def load_checkpoint(path, model, optimizer) -> int:
    device = next(model.parameters()).device
    checkpoint = torch.load(path, map_location=device, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer = type(optimizer)(model.parameters(), lr=optimizer.defaults["lr"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epoch"]
