"""Wrong (device-generic: no tensor made without device=): a norm layer's weight and bias get new values by m.weight.data = torch.ones(n) and m.bias.data = torch.zeros(n), tensors made on the CPU, which moves the parameters of a model on a GPU to the CPU."""

import torch

CAUGHT_BY = ['works_on_any_device']


def init_weights(m: nn.Module) -> None:
    if isinstance(m, nn.Linear):
        nn.init.xavier_uniform_(m.weight)
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif isinstance(m, nn.Conv2d):
        nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d, nn.LayerNorm)):
        if m.weight is not None:
            m.weight.data = torch.ones(m.weight.shape, dtype=m.weight.dtype)
        if m.bias is not None:
            m.bias.data = torch.zeros(m.bias.shape, dtype=m.bias.dtype)
