"""Wrong: save_checkpoint stores the epoch as torch.tensor(epoch) and load_checkpoint returns it as it comes back, a 0-d tensor instead of an int (the right way round is int(...) on loading)."""

CAUGHT_BY = ["epoch_round_trips"]


def save_checkpoint(path, model, optimizer, epoch: int) -> None:
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": torch.tensor(epoch)}, path)


def load_checkpoint(path, model, optimizer) -> int:
    device = next(model.parameters()).device
    checkpoint = torch.load(path, map_location=device, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epoch"].to(device)
