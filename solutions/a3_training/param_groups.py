"""a3_training / param_groups: per-layer hyperparameters.

One set of hyperparameters for the whole network is not always what you want. When you
fine-tune a pretrained network, the new head should learn fast while the pretrained layers
only move a little. And weight decay, which pulls weights towards zero, is usually kept off
the biases and the normalisation layers' weights: shrinking them makes the model no simpler.

So an optimizer takes more than a list of parameters: it takes a list of parameter groups,
each a dict with a `"params"` entry and any hyperparameters of its own. Whatever a group leaves
out is filled in from the optimizer's defaults, its keyword arguments. To pick layers by name,
`named_modules()` names every submodule by its path of attribute names joined with dots:
`"features.0"` is the first layer inside `features`, and the model itself is `""`. Here is a
model in two parts, and an optimizer with one group for each part:

    >>> import torch
    >>> from torch import nn
    >>> model = nn.Module()
    >>> model.features = nn.Sequential(nn.Linear(4, 3), nn.ReLU())
    >>> model.head = nn.Linear(3, 2)
    >>> [name for name, _ in model.named_modules()]
    ['', 'features', 'features.0', 'features.1', 'head']
    >>> opt = torch.optim.SGD([{"params": model.head.parameters(), "lr": 0.1},
    ...                        {"params": model.features.parameters()}],
    ...                       lr=0.01, momentum=0.9)
    >>> [(group["lr"], group["momentum"]) for group in opt.param_groups]
    [(0.1, 0.9), (0.01, 0.9)]
    >>> [p.ndim for p in model.parameters()]
    [2, 1, 2, 1]

The head's group keeps its own `lr`, the other group gets the default 0.01, and both get the
default `momentum`. The last line shows how to tell weights from biases: weight matrices have
two dimensions (four in a convolution), biases and normalisation weights only one.

What to implement:

- `per_layer_groups(model, overrides)`: look each name of `overrides` up among
  `named_modules()` (an unknown name raises `KeyError`) and make one group per name, in the
  order of `overrides`; then one last group with every parameter not taken yet and no
  hyperparameters, so that the defaults apply. Every parameter lands in exactly one group:
  frozen ones (`requires_grad=False`) too, and a parameter two modules share (tied weights)
  once; tied between two modules named in `overrides`, it goes to the first of them only.
  An optimizer refuses a parameter that sits in two groups, so two names of which one is
  inside the other (`"features"` and `"features.0"`, or the model itself, `""`, and any other)
  raise `ValueError`; but `"fc10"` is not inside `"fc1"`. Keep `named_parameters()` order in
  every group, and compare parameters by identity (`is`, `id(p)`), never with `==`, which
  compares tensors element by element.
- `decay_groups(model, weight_decay)`: two groups, split by `p.ndim`, whatever module holds the
  parameter (an `nn.Embedding`'s weight is 2-D, a parameter of the model itself may be 1-D).
- Neither function changes the model or the `overrides` dict it is given: build new dicts for
  the groups (`{"params": ..., **hyperparameters}`), never add a key to an override.

Run the checks:  pytest exercises/a3_training/test_param_groups.py
"""

from torch import nn


def per_layer_groups(model: nn.Module, overrides: dict[str, dict]) -> list[dict]:
    """One group per key of `overrides` (a name from model.named_modules(), e.g. "fc1" or
    "features.0"), holding that submodule's parameters and the given hyperparameters, in the
    order of `overrides`; then a last group {"params": [...]} with every other parameter.

    Parameters keep named_parameters() order; every parameter is in exactly one group (frozen
    ones too, a shared one once); a parameter tied between two overridden modules goes to the
    first of them only. An unknown name raises KeyError; two names of which one is inside the
    other ("features" and "features.0"; "" and any other) raise ValueError. Careful: "fc10" is
    not inside "fc1". Neither the model nor `overrides` changes.
    """
    # TODO: look the names up in dict(model.named_modules()); check overlaps with name + ".".
    ### BEGIN SOLUTION
    modules = dict(model.named_modules())
    for name in overrides:
        if name not in modules:
            raise KeyError(f"{name!r} is not a submodule of the model")
    for outer in overrides:
        for inner in overrides:
            if outer != inner and (outer == "" or inner.startswith(outer + ".")):
                raise ValueError(
                    f"{inner!r} is inside {outer!r}: a parameter would be in two groups"
                )
    groups, taken = [], set()
    for name, hyperparameters in overrides.items():
        params = [p for p in modules[name].parameters() if id(p) not in taken]  # a shared one once
        taken.update(id(p) for p in params)
        groups.append({"params": params, **hyperparameters})
    groups.append({"params": [p for p in model.parameters() if id(p) not in taken]})
    return groups
    ### END SOLUTION


def decay_groups(model: nn.Module, weight_decay: float) -> list[dict]:
    """Two groups, in this order: every parameter with ndim >= 2 with the given weight_decay,
    then every other parameter (biases, norm layers' weights) with weight_decay 0.0; each
    parameter once, in named_parameters() order within its group."""
    # TODO: split model.parameters() by p.ndim.
    ### BEGIN SOLUTION
    params = list(model.parameters())
    return [
        {"params": [p for p in params if p.ndim >= 2], "weight_decay": weight_decay},
        {"params": [p for p in params if p.ndim < 2], "weight_decay": 0.0},
    ]
    ### END SOLUTION
