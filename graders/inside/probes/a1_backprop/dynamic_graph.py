"""Probes of a1_backprop/dynamic_graph: DynamicNet, its layers, forward and gradients."""

import torch

from graders.inside.door import ON_META, call, on_meta, probe, raised
from graders.inside.plain import DictOf, Maybe
from graders.inside.probes.modules import run_plain  # noqa: F401 - served to the shared judge

LAYERS = ("input_linear", "middle_linear", "output_linear")


def build(mod, sizes, params):
    """A DynamicNet of the drawn sizes, in the params' dtype and device, holding the params."""
    d_in, h, d_out = sizes
    first = next(iter(params.values()))
    net = call(mod.DynamicNet, d_in, h, d_out)
    net = call(net.to, dtype=first.dtype, device=first.device)
    call(net.load_state_dict, params)
    return net


@probe(returns={n: {"type": str, "is_linear": bool, "in": object, "out": object} for n in LAYERS})
def run_layers(mod, d_in, h, d_out):
    net = call(mod.DynamicNet, d_in, h, d_out)
    layers = {}
    for name in LAYERS:
        layer = getattr(net, name, None)
        layers[name] = {
            "type": type(layer).__name__,
            "is_linear": isinstance(layer, torch.nn.Linear),
            "in": getattr(layer, "in_features", None),
            "out": getattr(layer, "out_features", None),
        }
    return layers


@probe(returns=[[(str, object)]])
def run_parameter_names(mod, d_in, h, d_out, x, repeats_list):
    net = call(mod.DynamicNet, d_in, h, d_out)
    seen = [[(n, tuple(p.shape)) for n, p in net.named_parameters()]]
    for repeats in repeats_list:
        call(net, x, repeats)
        seen.append([(n, tuple(p.shape)) for n, p in net.named_parameters()])
    return seen


@probe(returns=object)
def run_forward(mod, sizes, params, x, repeats):
    return call(build(mod, sizes, params), x, repeats)


@probe(returns=DictOf(Maybe(torch.Tensor)))
def run_gradients(mod, sizes, params, x, repeats, grad_out):
    """The parameters' gradients; x requires grad too, as the output of a layer before would."""
    net = build(mod, sizes, params)
    x.requires_grad_()
    call(
        torch.Tensor.backward,
        call(net, x, repeats),
        grad_out,
        what="DynamicNet(...)(x, repeats).backward",
    )
    return {name: p.grad for name, p in net.named_parameters()}


@probe(returns=str)
def run_negative_repeats(mod, sizes, params, x, repeats):
    return raised("ValueError", build(mod, sizes, params), x, repeats)


@probe(returns={"DynamicNet(...)(x, repeats)": ON_META})
def run_on_meta(mod, sizes, params, x, repeats):
    return {"DynamicNet(...)(x, repeats)": on_meta(build(mod, sizes, params), x, repeats)}
