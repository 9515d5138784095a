"""Probes shared by every exercise whose answer is an nn.Module (TwoLayerNet, Net, MLP).

They build the submission's module from a ModuleCase (class name and constructor arguments),
load the case's drawn parameters into it (so that a lucky default initialisation cannot hide a
wrong activation), and return plain data.
"""

from __future__ import annotations

import torch

from graders.inside.door import ON_META, call, on_meta, probe
from graders.inside.plain import DictOf, Either

UNFIT = {"problems": [str]}  # what a build says when the drawn parameters do not fit


def build(mod, case_cls, args, params):
    """The submission's module holding `params`, or the list of what does not fit."""
    net = call(getattr(mod, case_cls), *args)
    first = next(iter(params.values()))
    net = call(net.to, dtype=first.dtype, device=first.device)
    own = dict(net.named_parameters())
    problems = [f"{k} is missing" for k in params if k not in own]
    problems += [
        f"{k} has shape {tuple(own[k].shape)}, expected {tuple(v.shape)}"
        for k, v in params.items()
        if k in own and own[k].shape != v.shape
    ]
    if problems:
        return None, problems
    with torch.no_grad():
        for k, v in params.items():
            own[k].copy_(v)
    return net, []


@probe(returns={"parameters": [(str, [int])], "state_dict": [str], "count": int})
def run_structure(mod, case_cls, args):
    net = call(getattr(mod, case_cls), *args)
    return {
        "parameters": [[name, list(p.shape)] for name, p in net.named_parameters()],
        "state_dict": [str(k) for k in net.state_dict().keys()],
        "count": sum(p.numel() for p in net.parameters()),
    }


@probe(returns={"type": str, "module": str, "sizes": DictOf(object)})
def run_layer(mod, case_cls, args, attribute):
    """What `attribute` of the module is: its type and the sizes that define it."""
    layer = getattr(call(getattr(mod, case_cls), *args), attribute, None)
    keys = ("in_features", "out_features", "in_channels", "out_channels", "kernel_size")
    sizes = {k: getattr(layer, k, None) for k in keys}
    return {
        "type": type(layer).__name__,
        "module": str(type(layer).__module__),
        "sizes": {k: list(v) if isinstance(v, tuple) else v for k, v in sizes.items()},
    }


@probe(returns={"tensors": [(str, str, str)], "out": torch.Tensor})
def run_plain(mod, case_cls, args, x, *more):
    """The module as its plain constructor builds it (no .to(), no cast): each parameter's and
    buffer's dtype and device, and its output for `x` (torch's default dtype, on the CPU)."""
    net = call(getattr(mod, case_cls), *args)
    tensors = [[str(name), str(t.dtype), str(t.device)] for name, t in net.state_dict().items()]
    return {"tensors": tensors, "out": call(net, x, *more)}


@probe(returns=[(str, str, str)])
def run_to(mod, case_cls, args, dtype, device):
    net = call(call(getattr(mod, case_cls), *args).to, device=device, dtype=dtype)
    return [[str(name), str(t.dtype), str(t.device)] for name, t in net.state_dict().items()]


@probe(returns=Either(UNFIT, {"out": torch.Tensor}))
def run_forward(mod, case_cls, args, params, x):
    net, problems = build(mod, case_cls, args, params)
    if problems:
        return {"problems": problems}
    return {"out": call(net, x)}


@probe(returns=Either(UNFIT, {"batch": torch.Tensor, "rows": [torch.Tensor]}))
def run_rows(mod, case_cls, args, params, x):
    net, problems = build(mod, case_cls, args, params)
    if problems:
        return {"problems": problems}
    batch = call(net, x)
    rows = [call(net, x[i : i + 1]) for i in range(x.shape[0])]
    return {"batch": batch, "rows": rows}


@probe(returns=Either(UNFIT, DictOf(ON_META)))
def run_on_meta(mod, case_cls, args, params, x):
    net, problems = build(mod, case_cls, args, params)
    if problems:
        return {"problems": problems}
    return {f"{case_cls}(...)(x)": on_meta(net, x)}
