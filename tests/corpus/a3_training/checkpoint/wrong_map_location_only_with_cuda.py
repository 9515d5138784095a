"""Wrong: map_location is "cuda" when CUDA exists and None otherwise, so on a machine without a
GPU a checkpoint written on one still tries to go back to the GPU it came from."""

CAUGHT_BY = ["loads_a_checkpoint_saved_on_a_gpu"]


def load_checkpoint(path, model, optimizer) -> int:
    checkpoint = torch.load(path, map_location="cuda" if torch.cuda.is_available() else None, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epoch"]
