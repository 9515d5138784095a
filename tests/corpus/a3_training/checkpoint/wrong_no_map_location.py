"""Right: load_checkpoint calls torch.load(path) with neither weights_only nor map_location; the file holds only state_dicts and an int, so it still loads (on CPU)."""


def load_checkpoint(path, model, optimizer) -> int:
    checkpoint = torch.load(path)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epoch"]
