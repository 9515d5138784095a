"""Wrong: only optimizer.state_dict()["state"] is saved; without "param_groups" the optimizer's load_state_dict raises."""

CAUGHT_BY = [
    "file_loads_with_weights_only",
    "epoch_round_trips",
    "load_restores_the_model_it_is_given",
    "load_restores_the_optimizer_state",
    "resuming_sgd_with_momentum_equals_uninterrupted_training",
    "resuming_adam_equals_uninterrupted_training",
]


def save_checkpoint(path, model, optimizer, epoch: int) -> None:
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict()["state"], "epoch": epoch}, path)
