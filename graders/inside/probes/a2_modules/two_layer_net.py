"""Probes of a2_modules/two_layer_net: TwoLayerNet, through the shared module probes."""

from graders.inside.probes.modules import (  # noqa: F401 - the probes this exercise's worker serves
    run_forward,
    run_layer,
    run_on_meta,
    run_plain,
    run_rows,
    run_structure,
    run_to,
)
