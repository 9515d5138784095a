"""a3_training / init_weights: initialisation with Module.apply.

Training starts from the weights you give it, and their scale matters. Every layer multiplies
its input by a weight matrix: if the weights are a little too large, the activations grow
layer after layer until they overflow; a little too small, and they fade towards zero, and so
do the gradients flowing back. Either way a deep network stops learning. Zeros are no good
either: every unit of a layer would compute the same thing and get the same gradient forever.

So layers start random, on a scale that depends on their size. PyTorch's default for
`nn.Linear` and `nn.Conv2d` is a uniform law scaled by the fan-in (the number of inputs of one
unit): `nn.Linear(100, 10)` draws its weights between -0.1 and 0.1, that is `1 / sqrt(100)`.
`torch.nn.init` has two better-founded recipes:

- Xavier (Glorot): variance `2 / (fan_in + fan_out)`, which keeps the spread of activations and
  of gradients steady through linear or tanh-like layers;
- Kaiming (He): variance `2 / fan` (`fan_in` or `fan_out`), about twice Xavier's, because a
  ReLU sets about half of its inputs to zero.

Normalisation layers (BatchNorm, LayerNorm) start as the identity: weight one, bias zero.

To use a recipe on a whole model, `model.apply(fn)` calls `fn` on every submodule at every
depth, inside nested containers too, and on the model itself; then it returns the model.
(`model.children()` only lists the direct children.) It visits a module's children before the
module itself:

    >>> import torch
    >>> from torch import nn
    >>> model = nn.Sequential(nn.Linear(2, 3), nn.Sequential(nn.ReLU(), nn.Linear(3, 1)))
    >>> _ = model.apply(lambda m: print(type(m).__name__))
    Linear
    ReLU
    Linear
    Sequential
    Sequential
    >>> _ = torch.manual_seed(0)
    >>> bool(nn.Linear(100, 10).weight.abs().max() <= 0.1)
    True
    >>> w = nn.init.xavier_uniform_(torch.empty(200, 300))
    >>> round(w.std().item(), 3), round((2 / (200 + 300)) ** 0.5, 3)
    (0.063, 0.063)

What to implement:

- `init_weights(m)`: handles one module at a time. Decide with `isinstance` and the classes its
  docstring names (a subclass of `nn.Linear` is an `nn.Linear` too), and leave every other
  module (`nn.ReLU`, `nn.Embedding`, `nn.Sequential`, ...) untouched: called on a container,
  it changes nothing, since `apply` is what reaches the layers inside. Running statistics
  (BatchNorm's buffers) are not parameters: leave them alone. Use the in-place `nn.init`
  functions (their names end in `_`) on the existing parameters; do not replace them with new
  tensors, or an optimizer that already holds the old ones would never see the change. A layer
  may have no bias (`bias=False`) and a norm layer no weight (`affine=False`): check for None.
- `initialize(model)`: applies `init_weights` at every depth, the model itself included (a
  model that is a single `nn.Linear` is initialised), and returns `model` itself, with the same
  `Parameter` objects registered: only their values change.

Run the checks:  pytest exercises/a3_training/test_init_weights.py
"""

from torch import nn


def init_weights(m: nn.Module) -> None:
    """nn.Linear: weight xavier_uniform_, bias zeros. nn.Conv2d: weight
    kaiming_normal_(mode="fan_out", nonlinearity="relu"), bias zeros. nn.BatchNorm1d,
    nn.BatchNorm2d, nn.LayerNorm: weight ones, bias zeros, where they have them (affine=False
    layers have none and stay as they are). Any other module: untouched. A subclass counts as
    its class; a container (Sequential, ModuleDict, ...) is none of these, so init_weights
    called on it changes nothing: Module.apply visits the layers inside."""
    # TODO: isinstance tests with the classes named above; use torch.nn.init; skip a None bias
    # or weight.
    ### BEGIN SOLUTION
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
            nn.init.ones_(m.weight)
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    ### END SOLUTION


def initialize(model: nn.Module) -> nn.Module:
    """Apply init_weights to every module of `model`, at every depth, `model` itself included
    (a bare nn.Linear is initialised); return `model` itself. Only the parameters' values
    change: the same Parameter objects stay registered."""
    # TODO: one line with model.apply.
    ### BEGIN SOLUTION
    return model.apply(init_weights)
    ### END SOLUTION
