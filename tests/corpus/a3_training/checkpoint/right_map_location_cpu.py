"""Right: load_checkpoint loads with map_location="cpu"; load_state_dict copies the tensors onto the model's device anyway."""


def load_checkpoint(path, model, optimizer) -> int:
    checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epoch"]
