"""Right: save_checkpoint remembers model.training, switches to eval to save, then puts the model back in the mode it found it in (model.train(was_training)), so nothing the caller owns changes."""


def save_checkpoint(path, model, optimizer, epoch: int) -> None:
    was_training = model.training
    model.eval()
    try:
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch}, path)
    finally:
        model.train(was_training)
