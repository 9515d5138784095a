"""Wrong: load_checkpoint restores both objects but forgets to return the epoch (returns None)."""

CAUGHT_BY = ["epoch_round_trips"]


def load_checkpoint(path, model, optimizer) -> int:
    device = next(model.parameters()).device
    checkpoint = torch.load(path, map_location=device, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
