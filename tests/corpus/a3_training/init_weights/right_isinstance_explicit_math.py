"""Right: isinstance tests, and the laws written out by hand under torch.no_grad(): uniform_(-b, b) with b = sqrt(6 / (fan_in + fan_out)) for Linear, normal_(0, sqrt(2 / fan_out)) for Conv2d with fan_out = out_channels * kernel area, fill_ for the norm layers; every None weight or bias is skipped."""

import math

import torch


def init_weights(m: nn.Module) -> None:
    with torch.no_grad():
        if isinstance(m, nn.Linear):
            bound = math.sqrt(6.0 / (m.in_features + m.out_features))
            m.weight.uniform_(-bound, bound)
        elif isinstance(m, nn.Conv2d):
            fan_out = m.out_channels * m.kernel_size[0] * m.kernel_size[1]
            m.weight.normal_(0.0, math.sqrt(2.0 / fan_out))
        elif isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d, nn.LayerNorm)):
            if m.weight is not None:
                m.weight.fill_(1.0)
        else:
            return
        if m.bias is not None:
            m.bias.zero_()
