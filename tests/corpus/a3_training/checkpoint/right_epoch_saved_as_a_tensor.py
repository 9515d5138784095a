"""Right: the epoch is saved as a 0-d integer tensor (weights_only=True accepts tensors) and load_checkpoint turns it back into an int with int(); the model is restored with strict=True spelled out."""


def save_checkpoint(path, model, optimizer, epoch: int) -> None:
    torch.save({"epoch": torch.tensor(epoch, dtype=torch.int64), "model": model.state_dict(), "optimizer": optimizer.state_dict()}, path)


def load_checkpoint(path, model, optimizer) -> int:
    device = next(iter(model.state_dict().values())).device
    checkpoint = torch.load(path, map_location=device, weights_only=True)
    model.load_state_dict(checkpoint["model"], strict=True)
    optimizer.load_state_dict(checkpoint["optimizer"])
    return int(checkpoint["epoch"])
