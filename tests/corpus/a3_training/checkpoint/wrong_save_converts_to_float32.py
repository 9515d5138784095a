"""Wrong (the contract: nothing the caller owns changes): save_checkpoint calls model.float() to write a smaller float32 file, which converts the caller's float64 model in place (and its checkpoint then no longer matches its optimizer's state)."""

CAUGHT_BY = ["file_loads_with_weights_only", "epoch_round_trips", "load_restores_the_model_it_is_given", "load_restores_the_optimizer_state", "load_restores_the_groups_hyperparameters", "resuming_sgd_with_momentum_equals_uninterrupted_training", "resuming_adam_equals_uninterrupted_training"]


def save_checkpoint(path, model, optimizer, epoch: int) -> None:
    model.float()
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch}, path)
