"""Right: the dict uses other key names (model_state_dict, optimizer_state_dict, last_epoch)."""


def save_checkpoint(path, model, optimizer, epoch: int) -> None:
    checkpoint = {
        "model_state_dict": model.state_dict(),
        "optimizer_state_dict": optimizer.state_dict(),
        "last_epoch": epoch,
    }
    torch.save(checkpoint, path)


def load_checkpoint(path, model, optimizer) -> int:
    device = next(model.parameters()).device
    checkpoint = torch.load(path, map_location=device, weights_only=True)
    model.load_state_dict(checkpoint["model_state_dict"])
    optimizer.load_state_dict(checkpoint["optimizer_state_dict"])
    return checkpoint["last_epoch"]
