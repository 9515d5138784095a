"""Probes of a1_backprop/autograd_step: sgd_step_ and train_autograd."""

import torch

from graders.door import ON_META, call, meta_leaves, on_meta, probe

STEPPED = [{"value": torch.Tensor, "grad": object, "is_leaf": bool, "requires_grad": bool}]


@probe(returns=STEPPED)
def run_sgd_step(mod, values, grads, lr):
    params = [v.requires_grad_() for v in values]
    for p, g in zip(params, grads):
        p.grad = g
    listed = list(params)
    call(mod.sgd_step_, listed, lr, changes=(0,))  # the tensors in place; the list stays as it is
    return [
        {"value": p, "grad": p.grad, "is_leaf": p.is_leaf, "requires_grad": p.requires_grad}
        for p in params
    ]


@probe(returns={"losses": object, "w1": torch.Tensor, "w2": torch.Tensor, "leaves": bool})
def run_train_autograd(mod, x, y, w1, w2, lr, steps):
    w1.requires_grad_()
    w2.requires_grad_()
    losses = call(mod.train_autograd, x, y, w1, w2, lr, steps, changes=(2, 3))
    leaves = all(w.is_leaf and w.requires_grad for w in (w1, w2))
    return {"losses": losses, "w1": w1, "w2": w2, "leaves": leaves}


@probe(returns={"sgd_step_(params, lr)": ON_META})
def run_sgd_step_on_meta(mod, values, grads, lr):
    params = meta_leaves(values, grads)
    return {"sgd_step_(params, lr)": on_meta(mod.sgd_step_, params, lr, changes=(0,))}
