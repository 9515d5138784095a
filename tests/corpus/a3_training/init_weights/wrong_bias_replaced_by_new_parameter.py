"""Wrong (device-generic: no tensor made without device=; and parameters are initialised in place): a Linear or Conv2d bias is replaced by nn.Parameter(torch.zeros(n)), made on the CPU, so on a GPU the layer's bias leaves the model's device (and an optimizer built earlier keeps the old bias)."""

import torch

CAUGHT_BY = ['works_on_any_device', 'initialize_reaches_every_depth']


def init_weights(m: nn.Module) -> None:
    if isinstance(m, nn.Linear):
        nn.init.xavier_uniform_(m.weight)
        if m.bias is not None:
            m.bias = nn.Parameter(torch.zeros(m.out_features))
    elif isinstance(m, nn.Conv2d):
        nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
        if m.bias is not None:
            m.bias = nn.Parameter(torch.zeros(m.out_channels))
    elif isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d, nn.LayerNorm)):
        if m.weight is not None:
            nn.init.ones_(m.weight)
        if m.bias is not None:
            nn.init.zeros_(m.bias)
