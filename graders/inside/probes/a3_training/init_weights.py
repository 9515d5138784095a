"""Probes of a3_training/init_weights: init_weights through Module.apply, and initialize.

Every parameter and buffer starts at SENTINEL, so that "untouched" can be seen.
"""

import torch

from graders.inside.door import ON_META, call, on_meta, probe
from graders.inside.plain import DictOf

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


@probe(returns={"params": STATE, "aliases": STATE, "same": bool})
def run_initialize(mod, case):
    """initialize on the case's model; with aliases of its tensors taken before (they share
    the storage: what is written in place shows through them)."""
    model = _sentinel_model(case)
    aliases = {name: t.detach() for name, t in _state(model).items()}
    returned = call(mod.initialize, model, changes=(0,))
    return {"params": _state(model), "aliases": aliases, "same": returned is model}


LAYERS = {
    "Linear(5, 4)": lambda: torch.nn.Linear(5, 4),
    "Conv2d(4, 8, 3)": lambda: torch.nn.Conv2d(4, 8, 3),
    "BatchNorm1d(6)": lambda: torch.nn.BatchNorm1d(6),
    "LayerNorm(6)": lambda: torch.nn.LayerNorm(6),
}


@probe(returns={"params": STATE, "same": bool})
def run_initialize_a_layer(mod, layer):
    """initialize on a model that is one layer (LAYERS[layer]), every tensor at SENTINEL."""
    model = LAYERS[layer]()
    with torch.no_grad():
        for t in [*model.parameters(), *model.buffers()]:
            t.fill_(SENTINEL)
    returned = call(mod.initialize, model, changes=(0,))
    return {"params": _state(model), "same": returned is model}


@probe(returns={"model.apply(init_weights)": ON_META})
def run_on_meta(mod, case):
    return {
        "model.apply(init_weights)": on_meta(
            lambda model: model.apply(mod.init_weights), case.build(), changes=(0,)
        )
    }
