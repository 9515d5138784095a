"""Wrong (the contract: a norm layer without affine parameters is left as it is): the laws drawn by hand are right, but m.weight.fill_(1.0) on a LayerNorm or BatchNorm with affine=False, whose weight is None, raises AttributeError."""

CAUGHT_BY = ['norm_layers_are_ones_and_zeros']


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
