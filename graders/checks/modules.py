"""Judges shared by every exercise whose answer is an nn.Module.

Their probes (graders/inside/probes/modules.py) build the submission's module from a ModuleCase
(class name and constructor arguments), load the case's drawn parameters into it (so a lucky default
initialisation cannot hide a wrong activation), and return plain data. The judges compare that
with what the contract says and with a functional reference computed from the same parameters.
"""

from __future__ import annotations

import torch

from graders.checks import devices
from graders.checks.compare import expect_close
from graders.errors import CheckFailed
from graders.feedback import dtype_name
from graders.inside.probes import modules as probes

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
    got = sub.run(probes.run_structure, case.cls, case.args)
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
    got = sub.run(probes.run_layer, case.cls, case.args, attribute)
    wanted = f"nn.{kind}(" + ", ".join(str(v) for v in sizes.values()) + ")"
    if got["type"] != kind or not got["module"].startswith("torch.nn"):
        what = "missing" if got["type"] == "NoneType" else f"a {got['type']}"
        raise CheckFailed(f"{case.cls}.{attribute} is {what}, expected {wanted}.")
    for key, value in sizes.items():
        if got["sizes"].get(key) != value:
            raise CheckFailed(
                f"{case.cls}.{attribute} has {key}={got['sizes'].get(key)}, expected {wanted}."
            )


def expect_moves_with_to(sub, case, device):
    """.to(float64, device) moves every parameter and buffer."""
    got = sub.run(probes.run_to, case.cls, case.args, torch.float64, str(device))
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


PLAIN_HINT = (
    "Build the layers with their plain constructors (nn.Linear(a, b), no dtype= or device=) "
    "and make any tensor of your own with torch's defaults: the caller decides with .to() or "
    ".double() afterwards."
)


def expect_plain_defaults(sub, cls, args, input_shape, *more):
    """Built with its plain constructor, the module holds torch's default dtype on the CPU, and
    a default-dtype input gives a default-dtype output."""
    dtype = torch.get_default_dtype()
    x = torch.randn(input_shape, generator=torch.Generator().manual_seed(0), dtype=dtype)
    got = sub.run(probes.run_plain, cls, args, x, *more)
    for name, got_dtype, where in got["tensors"]:
        if where != "cpu" or (got_dtype.startswith("torch.float") and got_dtype != str(dtype)):
            raise CheckFailed(
                f"{cls}({', '.join(map(repr, args))}) holds {name} as {got_dtype} on {where}: "
                f"a module built with its plain constructor holds {dtype_name(dtype)} on the CPU, "
                "as nn.Linear does."
            )
    if got["out"].dtype != dtype:
        raise CheckFailed(
            f"{cls}(...) built with its plain constructor returns {dtype_name(got['out'].dtype)} "
            f"for a {dtype_name(dtype)} input."
        )


def expect_forward(sub, case, reference):
    """forward(x) equals `reference(params, x)`, and x is left unchanged."""
    params, x = case.tensors(sub.device)
    got = _got_forward(sub.run(probes.run_forward, case.cls, case.args, params, x))
    expect_close(got["out"], reference(params, x), f"{case.cls}(...)(x)")
    return got, x


def expect_input_unchanged(sub, case):
    """forward(x) leaves x as it was (the door compares it before and after)."""
    params, x = case.tensors(sub.device)
    _got_forward(sub.run(probes.run_forward, case.cls, case.args, params, x))


def expect_on_any_device(sub, case):
    """The module moved to another device computes there (graders.checks.devices)."""
    params, x = case.tensors(sub.device)
    devices.expect_on_meta(
        _got_forward(sub.run(probes.run_on_meta, case.cls, case.args, params, x))
    )


def expect_rows_independent(sub, case):
    """Each row of a batch's output equals the output for that row alone."""
    params, x = case.tensors(sub.device)
    got = _got_forward(sub.run(probes.run_rows, case.cls, case.args, params, x))
    batch = got["batch"]
    if batch.dim() == 0 or batch.shape[0] != x.shape[0] or batch.dtype != x.dtype:
        raise CheckFailed(
            f"{case.cls}(...)(x) for a batch of {x.shape[0]} returned a tensor of shape "
            f"{tuple(batch.shape)}, {dtype_name(batch.dtype)}: one row per input row, in x's "
            f"dtype ({dtype_name(x.dtype)}), was expected."
        )
    for i, row in enumerate(got["rows"]):
        expect_close(
            row,
            got["batch"][i : i + 1],
            f"the output for row {i} alone (against row {i} of the batch)",
        )
