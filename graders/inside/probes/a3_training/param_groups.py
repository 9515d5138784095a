"""Probes of a3_training/param_groups: per_layer_groups and decay_groups on drawn models.

Groups come back with parameter names in place of parameters, so that the judges compare names.
"""

import torch

from graders.inside.door import call, probe, raised
from graders.inside.plain import DictOf


def _named(model, groups):
    """Groups with parameter names in place of parameters ('?' for a tensor not in the model)."""
    if not isinstance(groups, list) or not all(isinstance(g, dict) for g in groups):
        return groups
    names = {id(p): n for n, p in model.named_parameters()}
    return [
        {k: ([names.get(id(p), "?") for p in v] if k == "params" else v) for k, v in g.items()}
        for g in groups
    ]


def _listed(groups):
    """The groups with their "params" as lists (an iterator of parameters is fine too)."""
    if not isinstance(groups, list) or not all(
        isinstance(g, dict) and "params" in g for g in groups
    ):
        return groups
    return [dict(g, params=call(list, g["params"], what="list(group['params'])")) for g in groups]


@probe(returns=object)
def run_per_layer_groups(mod, model_case, overrides):
    model = model_case.build()
    return _named(model, _listed(call(mod.per_layer_groups, model, overrides)))


@probe(returns=str)
def run_raises(mod, model_case, overrides, expected):
    return raised(expected, mod.per_layer_groups, model_case.build(), overrides)


@probe(returns=DictOf(torch.Tensor))
def run_optimizer_step(mod, model_case, overrides, default_lr):
    model = model_case.build()
    groups = _listed(call(mod.per_layer_groups, model, overrides))
    opt = call(
        torch.optim.SGD,
        groups,
        lr=default_lr,
        takes=(0,),
        what="torch.optim.SGD(per_layer_groups(model, overrides), lr=...)",
    )
    for p in model.parameters():
        p.grad = torch.ones_like(p)
    opt.step()
    return {n: p for n, p in model.named_parameters()}


@probe(returns=object)
def run_decay_groups(mod, model_case, weight_decay):
    model = model_case.build()
    return _named(model, _listed(call(mod.decay_groups, model, weight_decay)))
