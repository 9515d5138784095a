"""Wrong: save_checkpoint switches to model.eval() to save and then calls model.train() afterwards, which hands back a model in training mode even when the caller's was in eval mode."""

CAUGHT_BY = ["save_leaves_the_model_and_optimizer_alone"]


def save_checkpoint(path, model, optimizer, epoch: int) -> None:
    model.eval()
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch}, path)
    model.train()
