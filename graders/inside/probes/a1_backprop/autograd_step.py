"""Probes of a1_backprop/autograd_step: sgd_step_ and train_autograd."""

import torch

from graders.inside.door import ON_META, call, meta_leaves, on_meta, probe

STEPPED = [
    {
        "value": torch.Tensor,
        "alias": torch.Tensor,
        "grad": object,
        "is_leaf": bool,
        "requires_grad": bool,
    }
]


@probe(returns=STEPPED)
def run_sgd_step(mod, values, grads, lr, generator=False):
    """sgd_step_ on the tensors, given as a list (or, with `generator`, as a one-shot generator,
    as model.parameters() is). `alias` shares each tensor's storage from before the step."""
    params = [v.requires_grad_() for v in values]
    aliases = [p.detach() for p in params]
    for p, g in zip(params, grads):
        p.grad = g
    given = (p for p in params) if generator else list(params)
    call(mod.sgd_step_, given, lr, changes=(0,))  # the tensors in place; the list stays as it is
    return [
        {
            "value": p,
            "alias": alias,
            "grad": p.grad,
            "is_leaf": p.is_leaf,
            "requires_grad": p.requires_grad,
        }
        for p, alias in zip(params, aliases)
    ]


@probe(
    returns={
        "losses": object,
        "w1": torch.Tensor,
        "w2": torch.Tensor,
        "aliases": [torch.Tensor],
        "leaves": bool,
    }
)
def run_train_autograd(mod, x, y, w1, w2, lr, steps):
    """train_autograd; `aliases` share w1's and w2's storage from before the call."""
    w1.requires_grad_()
    w2.requires_grad_()
    aliases = [w1.detach(), w2.detach()]
    losses = call(mod.train_autograd, x, y, w1, w2, lr, steps, changes=(2, 3))
    leaves = all(w.is_leaf and w.requires_grad for w in (w1, w2))
    return {"losses": losses, "w1": w1, "w2": w2, "aliases": aliases, "leaves": leaves}


@probe(returns={"sgd_step_(params, lr)": ON_META})
def run_sgd_step_on_meta(mod, values, grads, lr):
    params = meta_leaves(values, grads)
    return {"sgd_step_(params, lr)": on_meta(mod.sgd_step_, params, lr, changes=(0,))}
