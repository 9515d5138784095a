"""a3_training / init_weights: initialisation with Module.apply.

Where a network starts matters: a bad scale makes activations vanish or explode layer after
layer. Xavier (Glorot) keeps the variance of activations and gradients steady for tanh-like
layers: Var(w) = 2 / (fan_in + fan_out). Kaiming (He) accounts for the ReLU halving the
variance: Var(w) = 2 / fan. model.apply(fn) calls fn on every submodule at every depth
(model.modules()), not only the direct children (model.children()).

Run the checks:  pytest exercises/a3_training/test_init_weights.py
"""

from torch import nn


def init_weights(m: nn.Module) -> None:
    """nn.Linear: weight xavier_uniform_, bias zeros. nn.Conv2d: weight
    kaiming_normal_(mode="fan_out", nonlinearity="relu"), bias zeros. nn.BatchNorm1d,
    nn.BatchNorm2d, nn.LayerNorm: weight ones, bias zeros. Any other module: untouched."""
    # TODO: isinstance tests with the exact classes named above; use torch.nn.init.
    raise NotImplementedError("init_weights: replace this line with your code")


def initialize(model: nn.Module) -> nn.Module:
    """Apply init_weights to every module of `model`, at every depth; return `model` itself."""
    # TODO: one line with model.apply.
    raise NotImplementedError("initialize: replace this line with your code")
