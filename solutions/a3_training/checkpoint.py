"""a3_training / checkpoint: save and resume.

A model's state_dict holds its parameters and buffers; an optimizer's holds its state
(momentum buffers, Adam's moments and step counts) and hyperparameters. Saving both, with the
epoch, makes training resumable exactly. Save state_dicts, not whole objects: pickled objects
need your code to load and cannot be opened with torch.load(weights_only=True).

Run the checks:  pytest exercises/a3_training/test_checkpoint.py
"""

import torch


def save_checkpoint(path, model, optimizer, epoch: int) -> None:
    """torch.save a dict with the model's and the optimizer's state_dict and the epoch."""
    # TODO: one torch.save of a dict of three entries.
    ### BEGIN SOLUTION
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch}, path)
    ### END SOLUTION


def load_checkpoint(path, model, optimizer) -> int:
    """Restore the model and the optimizer saved at `path` into the given objects (tensors
    land where the model lives) and return the epoch."""
    # TODO: torch.load(path, weights_only=True, map_location=...), then load_state_dict twice.
    ### BEGIN SOLUTION
    device = next(model.parameters()).device
    checkpoint = torch.load(path, map_location=device, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epoch"]
    ### END SOLUTION
