"""Wrong (the contract: nothing the caller owns changes): save_checkpoint calls optimizer.zero_grad() first, for a clean checkpoint, which wipes the gradients of the caller's model."""

CAUGHT_BY = ["file_loads_with_weights_only", "epoch_round_trips", "load_restores_the_model_it_is_given", "load_restores_the_optimizer_state", "load_restores_the_groups_hyperparameters", "resuming_sgd_with_momentum_equals_uninterrupted_training", "resuming_adam_equals_uninterrupted_training"]


def save_checkpoint(path, model, optimizer, epoch: int) -> None:
    optimizer.zero_grad()
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch}, path)
