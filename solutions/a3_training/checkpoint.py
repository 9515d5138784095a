"""a3_training / checkpoint: save and resume.

Long training runs get interrupted, and a checkpoint saves everything needed to carry on as if
nothing had happened. The model's weights alone are not enough. `model.state_dict()` is a dict
from names (`"fc1.weight"`, ...) to tensors: the parameters and the buffers (such as
BatchNorm's running mean). But the optimizer has state too: SGD's momentum buffers, Adam's
running averages and step counts, and each group's hyperparameters (which a scheduler may have
changed). Resume with a fresh optimizer and the momentum starts over from nothing, so the
following steps differ. Save `optimizer.state_dict()` as well, and the epoch.

Save state_dicts, not whole objects: `torch.save(model)` pickles the class, so loading needs
your code, and the safe `torch.load(path, weights_only=True)` refuses it. That safe mode (the
default since torch 2.6) loads only tensors, dicts, lists, numbers and strings, so a file from
someone else cannot run code on your machine. A saved tensor also remembers its device: a
checkpoint written on a GPU loads on a machine without that GPU only if `map_location` says
where its tensors should go, for instance the device of the model.

Here an optimizer's state goes through a file in memory (`io.BytesIO` stands in for a path)
into a fresh optimizer, which gets the momentum buffer and the hyperparameters back:

    >>> import io
    >>> import torch
    >>> from torch import nn
    >>> model = nn.Linear(2, 1)
    >>> opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    >>> model(torch.ones(1, 2)).sum().backward()
    >>> opt.step()
    >>> sorted(model.state_dict())
    ['bias', 'weight']
    >>> opt.state_dict()["state"][0]["momentum_buffer"]
    tensor([[1., 1.]])
    >>> file = io.BytesIO()
    >>> torch.save(opt.state_dict(), file)
    >>> _ = file.seek(0)
    >>> saved = torch.load(file, map_location="cpu", weights_only=True)
    >>> fresh = torch.optim.SGD(nn.Linear(2, 1).parameters(), lr=0.5)
    >>> fresh.load_state_dict(saved)
    >>> fresh.state_dict()["state"][0]["momentum_buffer"]
    tensor([[1., 1.]])
    >>> fresh.param_groups[0]["lr"], fresh.param_groups[0]["momentum"]
    (0.1, 0.9)

The optimizer's state names parameters by position (0, 1, ...): load it into an optimizer
built over the same parameters, in the same order.

What to implement:

- `save_checkpoint(path, model, optimizer, epoch)`: one `torch.save` of both state_dicts and
  the epoch, in plain containers that `weights_only=True` accepts.
- `load_checkpoint(path, model, optimizer)`: load with `weights_only=True` and
  `map_location` set to the device the model's parameters live on, restore both objects you
  were given with their `load_state_dict` (do not build new ones), and return the epoch as a
  Python `int`.
  Restore them whole: the model's buffers too (BatchNorm's running statistics), the
  optimizer's state and its groups' hyperparameters (an lr a scheduler changed), even into
  objects built with other hyperparameters: the saved ones come back.
- Saving changes nothing: not the model (its device, its mode, its dtype, its values), not
  the optimizer.

Run the checks:  pytest exercises/a3_training/test_checkpoint.py
"""

import torch


def save_checkpoint(path, model, optimizer, epoch: int) -> None:
    """torch.save a dict with the model's and the optimizer's state_dict and the epoch. The
    model and the optimizer stay as they were (device, mode, values)."""
    # TODO: one torch.save of a dict of three entries.
    ### BEGIN SOLUTION
    torch.save(
        {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": int(epoch)},
        path,
    )
    ### END SOLUTION


def load_checkpoint(path, model, optimizer) -> int:
    """Restore the model and the optimizer saved at `path` into the given objects, whole
    (buffers, optimizer state, the groups' hyperparameters), and return the epoch as an int.

    Load with torch.load(path, map_location=<the device of the model's parameters>,
    weights_only=True), so that a file saved on a GPU loads on a CPU-only machine."""
    # TODO: torch.load(path, weights_only=True, map_location=...), then load_state_dict twice.
    ### BEGIN SOLUTION
    device = next(model.parameters()).device
    checkpoint = torch.load(path, map_location=device, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epoch"]
    ### END SOLUTION
