"""Wrong: the epoch is saved as torch.tensor(epoch) and returned as that tensor, not an int."""

CAUGHT_BY = ["epoch_round_trips"]


def save_checkpoint(path, model, optimizer, epoch: int) -> None:
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": torch.tensor(epoch)}, path)
