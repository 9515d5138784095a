"""Wrong (the contract: every hyperparameter of the groups is restored): the state is put back by hand and of the groups only "lr" is copied from the saved param_groups, so momentum (or Adam's betas) stay those the fresh optimizer was built with."""

CAUGHT_BY = ["load_restores_the_groups_hyperparameters", "resuming_sgd_with_momentum_equals_uninterrupted_training", "resuming_adam_equals_uninterrupted_training"]


def load_checkpoint(path, model, optimizer) -> int:
    device = next(model.parameters()).device
    checkpoint = torch.load(path, map_location=device, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    saved = checkpoint["optimizer"]
    params = [p for group in optimizer.param_groups for p in group["params"]]
    for index, state in saved["state"].items():
        optimizer.state[params[int(index)]] = dict(state)
    for group, saved_group in zip(optimizer.param_groups, saved["param_groups"]):
        group["lr"] = saved_group["lr"]
    return checkpoint["epoch"]
