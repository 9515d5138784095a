"""a3_training / param_groups: per-layer hyperparameters.

An optimizer takes a list of parameter groups, each a dict with "params" and any
hyperparameters that differ from the optimizer's defaults:

    torch.optim.SGD([{"params": model.fc1.parameters(), "lr": 1e-2},
                     {"params": rest}], lr=1e-3)

Here you build such lists from a model: one group per named submodule, or weights that decay
apart from biases and norm layers' weights (parameters with fewer than two dimensions).

Run the checks:  pytest exercises/a3_training/test_param_groups.py
"""

from torch import nn


def per_layer_groups(model: nn.Module, overrides: dict[str, dict]) -> list[dict]:
    """One group per key of `overrides` (a name from model.named_modules(), e.g. "fc1" or
    "features.0"), holding that submodule's parameters and the given hyperparameters, in the
    order of `overrides`; then a last group {"params": [...]} with every other parameter.

    Parameters keep named_parameters() order. An unknown name raises KeyError; two names of
    which one is inside the other ("features" and "features.0") raise ValueError. Careful:
    "fc10" is not inside "fc1".
    """
    # TODO: look the names up in dict(model.named_modules()); check overlaps with name + ".".
    raise NotImplementedError("per_layer_groups: replace this line with your code")


def decay_groups(model: nn.Module, weight_decay: float) -> list[dict]:
    """Two groups: every parameter with ndim >= 2 with the given weight_decay, then every
    other parameter (biases, norm layers' weights) with weight_decay 0.0."""
    # TODO: split model.parameters() by p.ndim.
    raise NotImplementedError("decay_groups: replace this line with your code")
