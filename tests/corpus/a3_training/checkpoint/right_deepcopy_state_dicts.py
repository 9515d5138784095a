"""Right: save_checkpoint saves copy.deepcopy of the state_dicts and an int(epoch)."""

import copy


def save_checkpoint(path, model, optimizer, epoch: int) -> None:
    torch.save(
        {
            "model": copy.deepcopy(model.state_dict()),
            "optimizer": copy.deepcopy(optimizer.state_dict()),
            "epoch": int(epoch),
        },
        path,
    )
