"""Wrong (the contract: nothing the caller owns changes): save_checkpoint puts the model in eval mode, model.train(False), to save it ready for inference, and leaves the caller's model there, so its BatchNorm layers stop learning their statistics when training goes on."""

CAUGHT_BY = ["file_loads_with_weights_only", "epoch_round_trips", "load_restores_the_model_it_is_given", "load_restores_the_optimizer_state", "load_restores_the_groups_hyperparameters", "resuming_sgd_with_momentum_equals_uninterrupted_training", "resuming_adam_equals_uninterrupted_training"]


def save_checkpoint(path, model, optimizer, epoch: int) -> None:
    model.train(False)
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch}, path)
