"""Probes of a3_training/init_weights: init_weights through Module.apply, and initialize.

Every parameter and buffer starts at SENTINEL, so that "untouched" can be seen.
"""

import torch

from graders.door import ON_META, call, on_meta, probe
from graders.plain import DictOf

SENTINEL = 7.0
STATE = DictOf(torch.Tensor)  # every parameter and buffer of the model, by name


def _sentinel_model(case):
    model = case.build()
    with torch.no_grad():
        for t in [*model.parameters(), *model.buffers()]:
            t.fill_(SENTINEL)
    return model


def _state(model):
    return {name: t for name, t in [*model.named_parameters(), *model.named_buffers()]}


@probe(returns=STATE)
def run_apply(mod, case):
    model = _sentinel_model(case)
    call(model.apply, mod.init_weights, what="model.apply(init_weights)")
    return _state(model)


@probe(returns=STATE)
def run_on_a_container(mod, case):
    """init_weights called on containers directly (the model, a Sequential, a ModuleDict)."""
    model = _sentinel_model(case)
    for container in (model, model[2], model[6]):
        call(mod.init_weights, container, changes=(0,))
    return _state(model)


@probe(returns={"params": STATE, "same": bool})
def run_initialize(mod, case):
    model = _sentinel_model(case)
    returned = call(mod.initialize, model, changes=(0,))
    return {"params": _state(model), "same": returned is model}


@probe(returns={"model.apply(init_weights)": ON_META})
def run_on_meta(mod, case):
    return {
        "model.apply(init_weights)": on_meta(
            lambda model: model.apply(mod.init_weights), case.build(), changes=(0,)
        )
    }
