"""Probes and judges shared by every exercise whose answer is an nn.Module.

The probes build the submission's module from a ModuleCase (class name and constructor
arguments), load the case's drawn parameters into it (so a lucky default initialisation
cannot hide a wrong activation), and return plain data. The judges compare that with what the
contract says and with a functional reference computed from the same parameters.
"""

from __future__ import annotations

import torch

from graders import devices
from graders.compare import expect_close
from graders.feedback import CheckFailed, dtype_name
from graders.probe import call, on_meta

# --- probes ----------------------------------------------------------------------------------


def _build(mod, case_cls, args, params):
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


def run_structure(mod, case_cls, args):
    net = call(getattr(mod, case_cls), *args)
    return {
        "parameters": [[name, list(p.shape)] for name, p in net.named_parameters()],
        "state_dict": list(net.state_dict().keys()),
        "count": sum(p.numel() for p in net.parameters()),
    }


def run_layer(mod, case_cls, args, attribute):
    """What `attribute` of the module is: its type and the sizes that define it."""
    layer = getattr(call(getattr(mod, case_cls), *args), attribute, None)
    keys = ("in_features", "out_features", "in_channels", "out_channels", "kernel_size")
    return {"type": type(layer).__name__, "module": type(layer).__module__} | {
        k: list(v) if isinstance(v, tuple) else v
        for k in keys
        if (v := getattr(layer, k, None)) is not None
    }


def run_to(mod, case_cls, args, dtype, device):
    net = call(call(getattr(mod, case_cls), *args).to, device=device, dtype=dtype)
    return [[name, str(t.dtype), str(t.device)] for name, t in net.state_dict().items()]


def run_forward(mod, case_cls, args, params, x):
    net, problems = _build(mod, case_cls, args, params)
    if problems:
        return {"problems": problems}
    return {"out": call(net, x)}


def run_rows(mod, case_cls, args, params, x):
    net, problems = _build(mod, case_cls, args, params)
    if problems:
        return {"problems": problems}
    return {"batch": call(net, x), "rows": [call(net, x[i : i + 1]) for i in range(x.shape[0])]}


def run_on_meta(mod, case_cls, args, params, x):
    net, problems = _build(mod, case_cls, args, params)
    if problems:
        return {"problems": problems}
    return {f"{case_cls}(...)(x)": on_meta(net, x)}


# --- judges ----------------------------------------------------------------------------------


def _got_forward(result):
    if result.get("problems"):
        raise CheckFailed(
            "the drawn parameters could not be loaded into your module: "
            + "; ".join(result["problems"][:3])
            + "."
        )
    return result


def expect_parameters(sub, case):
    """named_parameters() and state_dict() hold exactly the case's parameters, in order."""
    got = sub.run(run_structure, case.cls, case.args)
    expected = [[name, list(shape)] for name, shape in case.shapes]
    if [tuple(p) for p in got["parameters"]] != [tuple(p) for p in expected]:
        shown = ", ".join(f"{n} {tuple(s)}" for n, s in got["parameters"]) or "nothing"
        want = ", ".join(f"{n} {tuple(s)}" for n, s in expected)
        raise CheckFailed(f"named_parameters() gives [{shown}], expected [{want}].")
    if got["state_dict"] != [name for name, _ in case.shapes]:
        raise CheckFailed(
            f"state_dict() has keys {got['state_dict']}, expected {[n for n, _ in case.shapes]}."
        )
    return got


def expect_layer(sub, case, attribute, kind, **sizes):
    """`attribute` is a torch.nn `kind` with the given sizes."""
    got = sub.run(run_layer, case.cls, case.args, attribute)
    wanted = f"nn.{kind}(" + ", ".join(str(v) for v in sizes.values()) + ")"
    if got["type"] != kind or not got["module"].startswith("torch.nn"):
        what = "missing" if got["type"] == "NoneType" else f"a {got['type']}"
        raise CheckFailed(f"{case.cls}.{attribute} is {what}, expected {wanted}.")
    for key, value in sizes.items():
        if got.get(key) != value:
            raise CheckFailed(
                f"{case.cls}.{attribute} has {key}={got.get(key)}, expected {wanted}."
            )


def expect_moves_with_to(sub, case, device):
    """.to(float64, device) moves every parameter and buffer."""
    got = sub.run(run_to, case.cls, case.args, torch.float64, str(device))
    for name, dtype, where in got:
        if dtype != "torch.float64" or torch.device(where) != torch.device(device):
            raise CheckFailed(
                f"after .to({dtype_name(torch.float64)}), {name} is {dtype} on {where}."
            )
    registered = {n for n, _ in case.shapes}
    if not registered <= {name for name, _, _ in got}:
        raise CheckFailed(
            ".to() did not reach every parameter: some are not registered with the module."
        )


def expect_forward(sub, case, reference):
    """forward(x) equals `reference(params, x)`, and x is left unchanged."""
    params, x = case.tensors(sub.device)
    got = _got_forward(sub.run(run_forward, case.cls, case.args, params, x))
    expect_close(got["out"], reference(params, x), f"{case.cls}(...)(x)")
    return got, x


def expect_input_unchanged(sub, case):
    """forward(x) leaves x as it was (the door compares it before and after)."""
    params, x = case.tensors(sub.device)
    _got_forward(sub.run(run_forward, case.cls, case.args, params, x))


def expect_on_any_device(sub, case):
    """The module moved to another device computes there (graders.devices)."""
    params, x = case.tensors(sub.device)
    devices.expect_on_meta(_got_forward(sub.run(run_on_meta, case.cls, case.args, params, x)))


def expect_rows_independent(sub, case):
    """Each row of a batch's output equals the output for that row alone."""
    params, x = case.tensors(sub.device)
    got = _got_forward(sub.run(run_rows, case.cls, case.args, params, x))
    for i, row in enumerate(got["rows"]):
        expect_close(
            row[0] if isinstance(row, torch.Tensor) and row.dim() > 0 else row,
            got["batch"][i],
            f"the output for row {i} alone (against row {i} of the batch)",
        )
