"""The "written by hand" rules, as a worker enforces them on itself.

Some exercises forbid handing their work to torch: `backward` in manual_backprop computes the
gradients by hand (no autograd at all), MyReLUFunction's backward masks by hand (autograd may
run only the pass the kit starts itself, never one nested inside it), and the SGD exercise's
update is written by hand (none of torch.optim's SGD, in any of its forms). A probe module
declares its exercise's rules (`RULES = Rules(...)`), and the worker installs them before the
submission is imported and keeps them for its whole life: a reference the submission saves at
import time (`from torch.optim.sgd import _single_tensor_sgd`) is the guard, not torch's.

Every public route is covered, each by the attribute it goes through:
- reverse-mode autograd (`tensor.backward()`, `torch.autograd.grad`,
  `torch.autograd.functional.*`, `torch.func.grad`, `vjp`, `jacrev`): the autograd engine, one
  Python attribute (`Variable._execution_engine`) that all of them look up at each call;
- forward-mode autograd (`torch.autograd.forward_ad`, `torch.func.jvp`, `jacfwd`,
  `torch.autograd.functional.jacobian(strategy="forward-mode")`): a dual level must be entered
  first, and every way to enter one goes through the functions replaced here;
- distributed autograd (`torch.distributed.autograd.backward`), which has an engine of its own;
- torch's SGD: `torch.optim.SGD`, `torch.optim.sgd.sgd` and its single-tensor, foreach and
  fused forms, `torch.optim._functional.sgd`, and the fused kernel `torch._fused_sgd_` (also
  as `torch.ops.aten._fused_sgd_`).

These are rules inside an untrusted process: code that reaches the guards' own objects (through
frames or the garbage collector, which the source screen flags) can put torch's functions back.
Where the grader runs as root, graders.isolation.uprobes counts the autograd engine's and forward
mode's entries from outside the worker, where no submission can reach (graders/grading/engine.py).
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass

import torch
import torch._functorch.predispatch as predispatch
import torch.optim._functional as torch_functional
import torch.optim.sgd as torch_sgd
from torch.autograd.variable import Variable

from graders.errors import NotByHand

NEVER, KIT_ONLY, ALLOWED = "never", "kit-only", "allowed"


@dataclass(frozen=True)
class Rules:
    """What an exercise's worker may hand to torch. `autograd`: NEVER (no autograd at all),
    KIT_ONLY (only the backward passes the kit's probes start, through `kit_backward`, and none
    nested inside them; forward mode never), ALLOWED. `torch_sgd`: whether torch's SGD may run.
    `message`: what the submission is told when it breaks a rule."""

    autograd: str = ALLOWED
    torch_sgd: bool = True
    message: str = "this exercise is done by hand"


FREE = Rules()


_window = threading.local()  # whether a probe's own backward pass is running, and how deep


class _Engine:
    """Stands in for the autograd engine: refuses a backward pass the rules do not allow."""

    def __init__(self, engine, rules: Rules):
        self._engine, self._rules = engine, rules

    def run_backward(self, *args, **kwargs):
        depth = getattr(_window, "depth", None)
        if self._rules.autograd == NEVER or depth is None or depth > 0:
            raise NotByHand(self._rules.message)
        _window.depth = 1
        try:
            return self._engine.run_backward(*args, **kwargs)
        finally:
            _window.depth = 0

    def __getattr__(self, name):
        return getattr(self._engine, name)


@contextmanager
def kit_backward():
    """Around a probe's own `out.backward(g)`: the one pass KIT_ONLY allows (the submission's
    hand-written backward runs inside it, and any pass it starts is refused)."""
    _window.depth = 0
    try:
        yield
    finally:
        del _window.depth


def _refusing(message: str):
    def refuse(*args, **kwargs):
        raise NotByHand(message)

    return refuse


# Where a dual level (forward mode) is entered: each (owner, attribute) is looked up at call time
# by every public route (see the module docstring).
FORWARD_MODE = [
    (torch._C, "_enter_dual_level"),
    (predispatch, "_enter_dual_level"),
    (predispatch, "_enter_dual_level_impl"),
]
try:
    import torch.distributed.autograd as distributed_autograd
except ImportError:  # a torch built without torch.distributed
    distributed_autograd = None
DISTRIBUTED = [
    (distributed_autograd, name)
    for name in ("backward", "_init", "context", "get_gradients")
    if hasattr(distributed_autograd, name)
]
TORCH_SGD = [
    (torch.optim.SGD, "__init__"),
    (torch.optim.SGD, "step"),
    (torch_sgd, "sgd"),
    (torch_functional, "sgd"),
    *((torch_sgd, n) for n in ("_single_tensor_sgd", "_multi_tensor_sgd", "_fused_sgd")),
    (torch, "_fused_sgd_"),
    (torch.ops.aten, "_fused_sgd_"),
]


def install(rules: Rules):
    """Put the rules in place in this process; returns a function that takes them back (for the
    in-process runner only: a worker keeps them until it ends)."""
    replaced = []

    def replace(owner, name, value):
        if hasattr(owner, name):
            replaced.append((owner, name, getattr(owner, name)))
            setattr(owner, name, value)

    refuse = _refusing(rules.message)
    if rules.autograd != ALLOWED:
        replace(Variable, "_execution_engine", _Engine(Variable._execution_engine, rules))
        for owner, name in FORWARD_MODE + DISTRIBUTED:
            replace(owner, name, refuse)
    if not rules.torch_sgd:
        for owner, name in TORCH_SGD:
            replace(owner, name, refuse)

    def undo():
        for owner, name, original in reversed(replaced):
            setattr(owner, name, original)

    return undo
