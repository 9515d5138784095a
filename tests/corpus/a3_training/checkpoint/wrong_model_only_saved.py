"""Wrong: only the model's state_dict (and the epoch) is saved; the optimizer's momentum buffers and Adam moments are lost."""

CAUGHT_BY = [
    "load_restores_the_optimizer_state",
    "resuming_sgd_with_momentum_equals_uninterrupted_training",
    "resuming_adam_equals_uninterrupted_training",
]


def save_checkpoint(path, model, optimizer, epoch: int) -> None:
    torch.save({"model": model.state_dict(), "epoch": epoch}, path)


def load_checkpoint(path, model, optimizer) -> int:
    device = next(model.parameters()).device
    checkpoint = torch.load(path, map_location=device, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    return checkpoint["epoch"]
