"""Wrong: load_checkpoint returns float(checkpoint["epoch"]) ("to be safe with the type"), a float rather than the int the contract asks for."""

CAUGHT_BY = ["epoch_round_trips"]


def load_checkpoint(path, model, optimizer) -> int:
    device = next(model.parameters()).device
    checkpoint = torch.load(path, map_location=device, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    return float(checkpoint["epoch"])
