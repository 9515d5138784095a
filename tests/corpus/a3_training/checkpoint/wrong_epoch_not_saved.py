"""Wrong: the epoch is not saved, and load_checkpoint returns 0 (restarting the epoch count)."""

CAUGHT_BY = ["epoch_round_trips"]


def save_checkpoint(path, model, optimizer, epoch: int) -> None:
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict()}, path)


def load_checkpoint(path, model, optimizer) -> int:
    device = next(model.parameters()).device
    checkpoint = torch.load(path, map_location=device, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    return 0
