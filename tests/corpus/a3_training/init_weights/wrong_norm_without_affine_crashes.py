"""Right: the laws are drawn by hand, w.uniform_(-a, a) with a = sqrt(6 / (fan_in + fan_out)) and w.normal_(0, sqrt(2 / fan_out)), under torch.no_grad()."""

import math

import torch


def init_weights(m: nn.Module) -> None:
    with torch.no_grad():
        if isinstance(m, nn.Linear):
            a = math.sqrt(6 / (m.in_features + m.out_features))
            m.weight.uniform_(-a, a)
            if m.bias is not None:
                m.bias.zero_()
        elif isinstance(m, nn.Conv2d):
            fan_out = m.out_channels * m.kernel_size[0] * m.kernel_size[1]
            m.weight.normal_(0.0, math.sqrt(2 / fan_out))
            if m.bias is not None:
                m.bias.zero_()
        elif isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d, nn.LayerNorm)):
            m.weight.fill_(1.0)
            m.bias.fill_(0.0)
