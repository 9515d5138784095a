"""Wrong (device-generic: nothing goes through the CPU): Xavier's law is drawn with numpy, np.random.uniform(-bound, bound, shape), and put in with m.weight.data = torch.from_numpy(...), so a Linear layer of a model on a GPU ends up with its weight on the CPU."""

import math

import numpy as np
import torch

CAUGHT_BY = ['works_on_any_device']


def init_weights(m: nn.Module) -> None:
    if isinstance(m, nn.Linear):
        fan_out, fan_in = m.weight.shape
        bound = math.sqrt(6.0 / (fan_in + fan_out))
        m.weight.data = torch.from_numpy(np.random.uniform(-bound, bound, (fan_out, fan_in))).to(m.weight.dtype)
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif isinstance(m, nn.Conv2d):
        nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d, nn.LayerNorm)):
        if m.weight is not None:
            nn.init.ones_(m.weight)
        if m.bias is not None:
            nn.init.zeros_(m.bias)
