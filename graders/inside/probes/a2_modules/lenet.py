"""Probes of a2_modules/lenet: Net, num_flat_features, and the shared module probes."""

import torch

from graders.inside.door import call, probe
from graders.inside.probes.modules import (  # noqa: F401 - the probes this exercise's worker serves
    run_forward,
    run_layer,
    run_on_meta,
    run_plain,
    run_rows,
    run_structure,
    run_to,
)


@probe(returns=object)
def run_num_flat_features(mod, shape):
    return call(call(mod.Net).num_flat_features, torch.zeros(shape))
