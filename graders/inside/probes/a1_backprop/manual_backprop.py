"""Probes of a1_backprop/manual_backprop: forward, sse_loss, backward and train_manual.

Gradients by hand is the task: the worker refuses autograd, in every form, for its whole life
(RULES). No probe here needs it.
"""

import torch

from graders.inside import guards
from graders.inside.door import ON_META, call, on_meta, probe

RULES = guards.Rules(
    autograd=guards.NEVER,
    message=(
        "this exercise computes gradients by hand: backward (and train_manual, which uses it) "
        "may not call autograd (.backward(), torch.autograd.grad, torch.func, forward mode)"
    ),
)
LOSSES = {"losses": object, "w1": torch.Tensor, "w2": torch.Tensor, "aliases": [torch.Tensor]}


@probe(returns=object)
def run_forward(mod, x, w1, w2):
    return call(mod.forward, x, w1, w2)


@probe(returns=object)
def run_sse_loss(mod, pred, y):
    return call(mod.sse_loss, pred, y)


@probe(returns=object)
def run_backward(mod, x, y, w1, w2):
    return call(mod.backward, x, y, w1, w2)


@probe(returns=object)
def run_backward_without_autograd(mod, x, y, w1, w2):
    with torch.no_grad():
        return call(mod.backward, x, y, w1, w2)


@probe(returns=LOSSES)
def run_train_manual(mod, x, y, w1, w2, lr, steps):
    """train_manual; `aliases` share w1's and w2's storage from before the call."""
    aliases = [w1.detach(), w2.detach()]
    losses = call(mod.train_manual, x, y, w1, w2, lr, steps, changes=(2, 3))
    return {"losses": losses, "w1": w1, "w2": w2, "aliases": aliases}


@probe(
    returns={
        "forward(x, w1, w2)": ON_META,
        "sse_loss(pred, y)": ON_META,
        "backward(x, y, w1, w2)": ON_META,
    }
)
def run_on_meta(mod, x, y, w1, w2):
    """forward, sse_loss and backward on the meta device (see graders.checks.devices)."""
    pred = torch.relu(x @ w1) @ w2
    return {
        "forward(x, w1, w2)": on_meta(mod.forward, x, w1, w2),
        "sse_loss(pred, y)": on_meta(mod.sse_loss, pred, y),
        "backward(x, y, w1, w2)": on_meta(mod.backward, x, y, w1, w2),
    }
