"""Right: load_checkpoint passes weights_only=False (trusting its own file); the file itself still holds only state_dicts, so it opens with weights_only=True too."""


def load_checkpoint(path, model, optimizer) -> int:
    device = next(model.parameters()).device
    checkpoint = torch.load(path, map_location=device, weights_only=False)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epoch"]
