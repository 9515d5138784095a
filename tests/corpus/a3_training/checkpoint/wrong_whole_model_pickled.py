"""Wrong: the whole model object is pickled into the checkpoint instead of its state_dict, so torch.load(weights_only=True) refuses the file."""

CAUGHT_BY = ["file_loads_with_weights_only"]


def save_checkpoint(path, model, optimizer, epoch: int) -> None:
    torch.save({"model": model, "optimizer": optimizer.state_dict(), "epoch": epoch}, path)


def load_checkpoint(path, model, optimizer) -> int:
    device = next(model.parameters()).device
    checkpoint = torch.load(path, map_location=device, weights_only=False)
    model.load_state_dict(checkpoint["model"].state_dict())
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epoch"]
