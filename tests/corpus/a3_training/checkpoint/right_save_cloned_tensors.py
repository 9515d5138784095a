"""Right: save_checkpoint saves a detached clone of every tensor of the model's state_dict (an OrderedDict comprehension) and copy.deepcopy of the optimizer's state_dict."""

import copy
from collections import OrderedDict


def save_checkpoint(path, model, optimizer, epoch: int) -> None:
    state = OrderedDict((k, v.detach().clone()) for k, v in model.state_dict().items())
    torch.save({"model": state, "optimizer": copy.deepcopy(optimizer.state_dict()), "epoch": epoch}, path)
