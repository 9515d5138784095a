"""a2_modules / two_layer_net: the two-layer network as an nn.Module.

In a1 the weights were loose tensors that you passed around by hand. An `nn.Module` packs them
up: it holds state (its parameters) and says how to compute with it (`forward`). You call the
module itself, `net(x)`, and it runs `forward` for you.

Assigning a module or an `nn.Parameter` as an attribute in `__init__` registers it. From then
on its parameters appear in `parameters()`, `named_parameters()` and `state_dict()`, move with
`.to()`, and reach an optimizer. A plain tensor attribute is not registered; state that must be
saved but not trained goes in a buffer (`register_buffer`, listed by `named_buffers()`).
Operations without weights, such as ReLU, need no attribute at all: call `torch.relu` (or
`torch.nn.functional.relu`) inside `forward`.

Modules nest, so there are two ways to walk them: `children()` gives the direct submodules
only, `modules()` gives the module itself and every descendant, at any depth. Parameter names
follow the path of attributes down to each tensor:

    >>> import torch
    >>> from torch import nn
    >>> net = nn.Sequential(nn.Linear(2, 3), nn.Sequential(nn.ReLU(), nn.Linear(3, 1)))
    >>> [type(m).__name__ for m in net.children()]
    ['Linear', 'Sequential']
    >>> [type(m).__name__ for m in net.modules()]
    ['Sequential', 'Linear', 'Sequential', 'ReLU', 'Linear']
    >>> [(name, tuple(p.shape)) for name, p in net.named_parameters()]
    [('0.weight', (3, 2)), ('0.bias', (3,)), ('1.1.weight', (1, 3)), ('1.1.bias', (1,))]
    >>> sum(p.numel() for p in net.parameters())
    13
    >>> net(torch.zeros(4, 2)).shape
    torch.Size([4, 1])

What to implement:

- `TwoLayerNet.__init__(D_in, H, D_out)`: call `super().__init__()` first (it sets up the
  registries), then create `linear1` and `linear2` with exactly these names, so that
  `state_dict()` has the keys `linear1.weight`, `linear1.bias`, `linear2.weight`, `linear2.bias`.
- `TwoLayerNet.forward(x)`: `linear2(relu(linear1(x)))`, with no ReLU after `linear2`. Do not
  convert or move `x` inside `forward`: the caller moves the model and the data with `.to()`.

Run the checks:  pytest exercises/a2_modules/test_two_layer_net.py
"""

import torch
from torch import nn


class TwoLayerNet(nn.Module):
    """linear2(relu(linear1(x)))."""

    def __init__(self, D_in: int, H: int, D_out: int):
        """Create linear1 = nn.Linear(D_in, H) and linear2 = nn.Linear(H, D_out), in torch's
        default dtype and device."""
        super().__init__()
        # TODO: two attributes, with exactly these names.
        raise NotImplementedError("TwoLayerNet.__init__: replace this line with your code")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Return linear2(relu(linear1(x))) for x of shape (N, D_in)."""
        # TODO: one line; no ReLU after linear2.
        raise NotImplementedError("TwoLayerNet.forward: replace this line with your code")
