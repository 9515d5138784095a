"""Wrong (the contract: the model's state_dict is saved, buffers included): save_checkpoint stores [p.detach() for p in model.parameters()] and load_checkpoint copies them back in order, so a BatchNorm's running statistics are neither saved nor restored."""

CAUGHT_BY = ["load_restores_the_model_it_is_given", "resuming_sgd_with_momentum_equals_uninterrupted_training"]


def save_checkpoint(path, model, optimizer, epoch: int) -> None:
    torch.save({"params": [p.detach() for p in model.parameters()], "optimizer": optimizer.state_dict(), "epoch": epoch}, path)


def load_checkpoint(path, model, optimizer) -> int:
    device = next(model.parameters()).device
    checkpoint = torch.load(path, map_location=device, weights_only=True)
    with torch.no_grad():
        for p, saved in zip(model.parameters(), checkpoint["params"]):
            p.copy_(saved)
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epoch"]
