"""Wrong: load_checkpoint calls torch.load(path) with no map_location. The file holds only
state_dicts and an int, so it loads where it was saved; a checkpoint written on a GPU machine
then fails on a machine without that GPU (tensors must land where the model lives)."""

CAUGHT_BY = ["loads_a_checkpoint_saved_on_a_gpu"]


def load_checkpoint(path, model, optimizer) -> int:
    checkpoint = torch.load(path)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epoch"]
