"""Probes of a2_modules/mlp: MLP, its ModuleList, and the shared module probes."""

from graders.door import call, probe, raised
from graders.probes.modules import (  # noqa: F401 - the probes this exercise's worker serves
    run_forward,
    run_on_meta,
    run_rows,
    run_structure,
    run_to,
)


@probe(returns={"type": str, "layers": [(str, object, object)]})
def run_layers(mod, sizes):
    layers = getattr(call(mod.MLP, sizes), "layers", None)
    items = list(layers) if hasattr(layers, "__iter__") else []
    return {
        "type": type(layers).__name__,
        "layers": [
            [type(m).__name__, getattr(m, "in_features", None), getattr(m, "out_features", None)]
            for m in items
        ],
    }


@probe(returns=str)
def run_too_few(mod, sizes):
    return raised("ValueError", mod.MLP, sizes)
