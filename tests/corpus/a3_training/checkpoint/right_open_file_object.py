"""Right: the checkpoint is written and read through open file objects, with the model saved first and nested state_dicts under "state"."""


def save_checkpoint(path, model, optimizer, epoch: int) -> None:
    with open(path, "wb") as f:
        torch.save({"epoch": epoch, "state": {"model": model.state_dict(), "optimizer": optimizer.state_dict()}}, f)


def load_checkpoint(path, model, optimizer) -> int:
    with open(path, "rb") as f:
        checkpoint = torch.load(f, map_location=next(model.parameters()).device, weights_only=True)
    model.load_state_dict(checkpoint["state"]["model"])
    optimizer.load_state_dict(checkpoint["state"]["optimizer"])
    return checkpoint["epoch"]
