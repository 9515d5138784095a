"""Right: map_location is a function that keeps each storage where torch deserialised it on the CPU, then load_state_dict copies onto the model's device."""


def load_checkpoint(path, model, optimizer) -> int:
    checkpoint = torch.load(path, map_location=lambda storage, location: storage, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epoch"]
