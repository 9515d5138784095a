"""Wrong (the contract: the groups' hyperparameters are restored, an lr a scheduler changed included): after optimizer.load_state_dict, load_checkpoint puts back the lr each group was built with, to resume with the learning rate just configured, so training goes on with another lr than the saved one."""

CAUGHT_BY = ["load_restores_the_groups_hyperparameters", "resuming_sgd_with_momentum_equals_uninterrupted_training", "resuming_adam_equals_uninterrupted_training"]


def load_checkpoint(path, model, optimizer) -> int:
    device = next(model.parameters()).device
    checkpoint = torch.load(path, map_location=device, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    configured = [group["lr"] for group in optimizer.param_groups]
    optimizer.load_state_dict(checkpoint["optimizer"])
    for group, lr in zip(optimizer.param_groups, configured):
        group["lr"] = lr
    return checkpoint["epoch"]
