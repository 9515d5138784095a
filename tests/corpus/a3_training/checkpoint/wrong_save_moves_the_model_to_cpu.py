"""Wrong: save_checkpoint calls model.cpu() first ("a checkpoint should load anywhere"), which moves the caller's model off its GPU (and away from its optimizer's state) as a side effect."""

CAUGHT_BY = ["save_leaves_the_model_and_optimizer_alone"]


def save_checkpoint(path, model, optimizer, epoch: int) -> None:
    model.cpu()
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch}, path)
