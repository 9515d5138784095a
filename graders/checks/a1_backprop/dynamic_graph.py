"""Grader for a1_backprop/dynamic_graph.py: DynamicNet, whose middle layer is reused a number
of times chosen at each call."""

import torch
from hypothesis import strategies as hst

from graders import problems as pb
from graders.checks import devices, modules
from graders.checks import references as ref
from graders.checks import strategies as st
from graders.checks.compare import expect_close
from graders.checks.scoring import check
from graders.errors import CheckFailed
from graders.inside.probes.a1_backprop import dynamic_graph as probes

# Every other check builds a DynamicNet from these layers: when they are wrong, fix them first.
FOUNDATION = ("has_the_three_layers",)

LAYERS = {
    "input_linear": ("d_in", "h"),
    "middle_linear": ("h", "h"),
    "output_linear": ("h", "d_out"),
}
CORNERS = [
    {"p": pb.Dynamic(n=1, d_in=2, h=3, d_out=2, repeats=2)},
    {"p": pb.Dynamic(n=3, d_in=3, h=3, d_out=1, repeats=3, dtype=torch.float64)},
]


def sizes_of(p):
    return (p.d_in, p.h, p.d_out)


# --- checks --------------------------------------------------------------------------------


@check(
    tests="DynamicNet",
    p=st.dynamic(),
    hint="Assign the layers as attributes in __init__ with exactly these names.",
)
def has_the_three_layers(sub, p):
    """DynamicNet(D_in, H, D_out) has input_linear = nn.Linear(D_in, H),
    middle_linear = nn.Linear(H, H) and output_linear = nn.Linear(H, D_out)."""
    got = sub.run(probes.run_layers, p.d_in, p.h, p.d_out)
    sizes = {"d_in": p.d_in, "h": p.h, "d_out": p.d_out}
    for name, (fan_in, fan_out) in LAYERS.items():
        layer = got[name]
        expected = f"nn.Linear({sizes[fan_in]}, {sizes[fan_out]})"
        if not layer["is_linear"]:
            raise CheckFailed(f"DynamicNet.{name} is a {layer['type']}, expected {expected}.")
        if (layer["in"], layer["out"]) != (sizes[fan_in], sizes[fan_out]):
            raise CheckFailed(
                f"DynamicNet.{name} is nn.Linear({layer['in']}, {layer['out']}), expected "
                f"{expected}."
            )


@check(
    tests="DynamicNet",
    p=st.dynamic(),
    hint="Create every layer once, in __init__; forward only uses them.",
)
def has_a_fixed_parameter_set(sub, p):
    """DynamicNet has exactly the six parameters of its three layers, before and after any number of
    forward calls."""
    _, x, _ = p.tensors()
    expected = [(name, shape) for name, shape in p.shapes().items()]
    got = sub.run(
        probes.run_parameter_names, p.d_in, p.h, p.d_out, x.float(), [p.repeats, 0, p.repeats + 1]
    )
    for when, names in zip(["after construction", "after forward calls"], [got[0], got[-1]]):
        if [tuple(n) for n in names] != expected:
            shown = ", ".join(n for n, _ in names)
            raise CheckFailed(
                f"{when}, named_parameters() is [{shown}], expected the six parameters of the "
                "three layers."
            )
    if any(names != got[0] for names in got):
        raise CheckFailed("forward() changed the set of parameters.")


@check(tests="DynamicNet", p=st.dynamic(), examples=3, hint=modules.PLAIN_HINT)
def plain_constructor_uses_default_dtype(sub, p):
    """DynamicNet(D_in, H, D_out) built with its plain constructor holds torch's default dtype
    (float32) on the CPU, as nn.Linear does, and gives a float32 output for a float32 input."""
    modules.expect_plain_defaults(sub, "DynamicNet", sizes_of(p), (p.n, p.d_in), p.repeats)


@check(
    tests="DynamicNet",
    p=st.dynamic(),
    corners=CORNERS,
    hint="A plain Python loop: `for _ in range(repeats): h = relu(self.middle_linear(h))`.",
)
def forward_matches_reference(sub, p):
    """forward(x, repeats) equals relu(input_linear(x)), then `repeats` times
    relu(middle_linear(.)), then output_linear, for the module's own parameters."""
    params, x, _ = p.tensors(sub.device)
    got = sub.run(probes.run_forward, sizes_of(p), params, x, p.repeats)
    expect_close(got, ref.dynamic_net(params, x, p.repeats), f"forward(x, repeats={p.repeats})")


@check(
    needs=("has_the_three_layers",),
    tests="DynamicNet",
    p=st.dynamic(max_repeats=0),
    hint="range(repeats) runs zero times for repeats = 0; no extra call of the middle layer.",
)
def zero_repeats_skip_the_middle_layer(sub, p):
    """forward(x, 0) is output_linear(relu(input_linear(x))): the middle layer is not used."""
    params, x, _ = p.tensors(sub.device)
    got = sub.run(probes.run_forward, sizes_of(p), params, x, 0)
    expect_close(got, ref.dynamic_net(params, x, 0), "forward(x, repeats=0)")


@check(
    needs=("forward_matches_reference",),
    tests="DynamicNet",
    p=st.dynamic(),
    corners=CORNERS,
    hint="Reuse the same self.middle_linear each time, without .detach() or torch.no_grad(): "
    "autograd then adds the gradient of every use.",
)
def shared_layer_gradient_is_sum_over_uses(sub, p):
    """After backward, every parameter's gradient equals autograd's through the reference; the
    middle layer's is the sum over its uses."""
    params, x, grad_out = p.tensors(sub.device)
    got = sub.run(probes.run_gradients, sizes_of(p), params, x, p.repeats, grad_out)
    expected = ref.dynamic_net_grads(params, x, p.repeats, grad_out)
    for name, grad in expected.items():
        g = got.get(name) if isinstance(got, dict) else None
        if g is None and not grad.any():
            continue  # an unused layer may keep grad None
        expect_close(g, grad, f"the gradient of {name} (repeats={p.repeats})")


@check(
    tests="DynamicNet",
    p=st.dynamic(),
    repeats=hst.integers(-3, -1),
    hint="Check `if repeats < 0: raise ValueError(...)` at the start of forward.",
)
def negative_repeats_raise_value_error(sub, p, repeats):
    """forward(x, repeats) with repeats < 0 raises ValueError."""
    params, x, _ = p.tensors(sub.device)
    got = sub.run(probes.run_negative_repeats, sizes_of(p), params, x, repeats)
    if got != "ValueError":
        raise CheckFailed(
            f"forward(x, repeats={repeats}) "
            f"{'returned an output' if got == 'returned' else 'raised ' + got} instead of "
            "raising ValueError."
        )


@check(tests="DynamicNet", p=st.dynamic(), examples=3, hint=devices.HINT)
def works_on_any_device(sub, p):
    """DynamicNet moved to another device computes there: nothing goes through the CPU and no tensor
    is made without device=."""
    params, x, _ = p.tensors(sub.device)
    devices.expect_on_meta(sub.run(probes.run_on_meta, sizes_of(p), params, x, p.repeats))
