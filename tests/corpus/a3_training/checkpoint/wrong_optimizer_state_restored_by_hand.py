"""Wrong (the contract: the optimizer is restored whole, its groups' hyperparameters too): load_checkpoint puts the saved state (momentum buffers, Adam's moments) into optimizer.state parameter by parameter, but never the saved param_groups, so the lr a scheduler had lowered and the momentum or betas are those the fresh optimizer was built with."""

CAUGHT_BY = ["load_restores_the_groups_hyperparameters", "resuming_sgd_with_momentum_equals_uninterrupted_training", "resuming_adam_equals_uninterrupted_training"]


def load_checkpoint(path, model, optimizer) -> int:
    device = next(model.parameters()).device
    checkpoint = torch.load(path, map_location=device, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    params = [p for group in optimizer.param_groups for p in group["params"]]
    for index, state in checkpoint["optimizer"]["state"].items():
        optimizer.state[params[int(index)]] = {key: value.clone() if isinstance(value, torch.Tensor) else value for key, value in state.items()}
    return checkpoint["epoch"]
