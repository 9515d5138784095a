"""Wrong: save_checkpoint calls model.zero_grad() before saving ("gradients are not part of a checkpoint"), which throws away the gradients the caller's model holds, e.g. between backward and step in gradient accumulation."""

CAUGHT_BY = ["save_leaves_the_model_and_optimizer_alone"]


def save_checkpoint(path, model, optimizer, epoch: int) -> None:
    model.zero_grad()
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch}, path)
