"""Probes of a2_modules/mlp: MLP, its ModuleList, and the shared module probes."""

from graders.inside.door import call, probe, raised
from graders.inside.probes.modules import (  # noqa: F401 - the probes this exercise's worker serves
    run_forward,
    run_on_meta,
    run_plain,
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


@probe(returns=[(str, [int])])
def run_sequence(mod, sizes, kind):
    """MLP built from `sizes` given as a tuple, or as a range (sizes are then consecutive): its
    parameters' names and shapes."""
    given = tuple(sizes) if kind == "tuple" else range(sizes[0], sizes[-1] + 1)
    net = call(mod.MLP, given)
    return [[str(name), list(p.shape)] for name, p in net.named_parameters()]
