"""Grader for a2_modules/my_relu.py: ReLU as a torch.autograd.Function with a hand-written
backward, and a module around it with an in-place option."""

import torch

from graders.checks import devices
from graders.checks import references as ref
from graders.checks import strategies as st
from graders.checks.compare import (
    GRADCHECK_EPS,
    GRADCHECK_TOL,
    expect_close,
    expect_items,
    expect_tensor_like,
)
from graders.checks.scoring import check
from graders.errors import CheckFailed
from graders.feedback import number
from graders.inside.probes.a2_modules import my_relu as probes

OWN_BACKWARD = probes.OWN_BACKWARD
# The backward is written by hand: autograd started inside it (a nested backward pass) raises.

# --- checks --------------------------------------------------------------------------------

MASK_HINT = (
    "backward returns grad_output * (x > 0), with x from ctx.saved_tensors; not a mask alone, not "
    "grad_output alone."
)


def _expect_own_backward(got, what):
    if got["grad_fn"] != OWN_BACKWARD:
        raise CheckFailed(
            f"the output of {what} has grad_fn {got['grad_fn']}, expected {OWN_BACKWARD}: "
            "call MyReLUFunction.apply(x), so that autograd uses your backward."
        )


@check(
    tests="my_relu",
    v=st.values(away_from_zero=False),
    hint="forward returns x.clamp(min=0) (or torch.relu(x)); keep dtype and shape.",
)
def values_equal_torch_relu(sub, v):
    """my_relu(x) equals torch.relu(x), including exact zeros, with x's shape, dtype and device."""
    x, _ = v.tensors(sub.device)
    expect_close(sub.run(probes.run_my_relu, x), torch.relu(x), "my_relu(x)")


@check(tests="my_relu", v=st.values(), hint="my_relu(x) must return MyReLUFunction.apply(x).")
def output_comes_from_the_custom_function(sub, v):
    """When x requires grad, my_relu(x) has a grad_fn of MyReLUFunction: autograd will call the
    hand-written backward."""
    x, g = v.tensors(sub.device)
    _expect_own_backward(sub.run(probes.run_backward, x, g, False), "my_relu(x)")


@check(tests="MyReLUFunction", v=st.values(), hint=MASK_HINT)
def backward_masks_the_upstream_gradient(sub, v):
    """For a random upstream gradient g, the gradient of my_relu at x is g where x > 0 and 0 where
    x < 0, computed by hand."""
    x, g = v.tensors(sub.device)
    got = sub.run(probes.run_backward, x, g, False)
    _expect_own_backward(got, "my_relu(x)")
    expect_close(got["grad"], ref.relu_grad(x, g), "x.grad after my_relu(x).backward(g)")


@check(
    needs=("backward_masks_the_upstream_gradient",),
    tests="MyReLUFunction",
    v=st.values(),
    hint=(
        "Keep what backward needs on ctx (ctx.save_for_backward(x) in forward, ctx.saved_tensors "
        "in backward): a global or a class attribute holds only the last call's input."
    ),
)
def two_forwards_before_either_backward(sub, v):
    """y1 = my_relu(x1) and y2 = my_relu(x2), both before either backward: each backward masks
    with its own input, whichever runs first."""
    x1, g1 = v.tensors(sub.device)
    x2, g2 = -x1, 2 * g1  # the same shape, every sign flipped
    got = sub.run(probes.run_interleaved, x1, x2, g1, g2)
    for order, which in (("first", "y1's"), ("last", "y2's")):
        for name, grad, x, g in (("x1", got[order][0], x1, g1), ("x2", got[order][1], x2, g2)):
            expect_close(
                grad,
                ref.relu_grad(x, g),
                f"{name}.grad after y1 = my_relu(x1), y2 = my_relu(x2) and the backwards, "
                f"{which} first",
            )


@check(
    tests="MyReLUFunction",
    v=st.values(),
    hint=(
        "Return a new tensor, grad_output * mask: writing into grad_output (grad_output[x <= 0] "
        "= 0) changes the gradient other branches of the graph receive."
    ),
)
def backward_leaves_grad_output_alone(sub, v):
    """When the upstream gradient also feeds another branch ((z * 1) + my_relu(x)), that branch
    still gets it unchanged: backward does not write into grad_output."""
    x, g = v.tensors(sub.device)
    z = x.flip(0) if x.dim() else x.clone()
    got = sub.run(probes.run_two_branches, x, z, g)
    expect_close(
        got["z"], g, "z.grad, which the upstream gradient reaches through the other branch"
    )
    expect_close(got["x"], ref.relu_grad(x, g), "x.grad")


@check(
    needs=("backward_masks_the_upstream_gradient",),
    tests="MyReLUFunction",
    v=st.values(dtype=torch.float64),
    examples=10,
    hint=MASK_HINT,
)
def passes_gradcheck(sub, v):
    """A gradient check accepts MyReLUFunction in float64, away from 0: for random upstream
    gradients u and directions v, u . backward agrees with the numerical derivative of forward
    along v (torch.autograd.gradcheck's fast mode, on the grader's side)."""
    x, _ = v.tensors(sub.device)
    generator = torch.Generator().manual_seed(v.seed)

    def noise():
        return torch.randn(x.shape, generator=generator, dtype=x.dtype).to(x.device)

    count = probes.PROJECTIONS
    upstream, directions = [noise() for _ in range(count)], [noise() for _ in range(count)]
    got = sub.run(probes.run_projections, x, upstream, directions, GRADCHECK_EPS)
    _expect_own_backward(got, "MyReLUFunction.apply(x)")
    found = [expect_items(got[k], count, f"the {k} results") for k in ("backward", "plus", "minus")]
    for u, d, grad, plus, minus in zip(upstream, directions, *found):
        expect_tensor_like(grad, x, "x.grad after MyReLUFunction.apply(x).backward(u)")
        expect_tensor_like(plus, x, "MyReLUFunction.apply(x + eps v)")
        expect_tensor_like(minus, x, "MyReLUFunction.apply(x - eps v)")
        analytic = (grad * d).sum().item()
        numeric = (u * (plus - minus)).sum().item() / (2 * GRADCHECK_EPS)
        if abs(analytic - numeric) > GRADCHECK_TOL * max(1.0, abs(numeric)):
            raise CheckFailed(
                "backward does not match the numerical derivative of forward: along a random "
                f"direction, u . backward gives {number(analytic)}, forward's difference "
                f"quotient {number(numeric)}."
            )


@check(
    needs=("values_equal_torch_relu", "backward_masks_the_upstream_gradient"),
    tests="MyReLU",
    v=st.values(),
    hint="MyReLU.forward returns my_relu(x) when inplace is False.",
)
def module_uses_my_relu(sub, v):
    """MyReLU()(x) equals relu(x) and its gradient comes from MyReLUFunction's backward."""
    x, g = v.tensors(sub.device)
    expect_close(sub.run(probes.run_module, x, False)["out"], torch.relu(x), "MyReLU()(x)")
    got = sub.run(probes.run_backward, x, g, True)
    _expect_own_backward(got, "MyReLU()(x)")
    expect_close(got["grad"], ref.relu_grad(x, g), "x.grad after MyReLU()(x).backward(g)")


@check(
    tests="MyReLU",
    v=st.values(away_from_zero=False),
    hint="Without inplace, compute a new tensor: x.clamp(min=0), not x.clamp_(min=0).",
)
def without_inplace_the_input_is_untouched(sub, v):
    """my_relu(x) and MyReLU()(x) (inplace is False by default) leave x as it was."""
    x, _ = v.tensors(sub.device)
    sub.run(probes.run_my_relu, x)  # the door compares x before and after each call
    sub.run(probes.run_module, x, None)


@check(
    tests="MyReLU",
    v=st.values(away_from_zero=False),
    hint="With inplace=True: return x.clamp_(min=0), which writes into x and returns x itself.",
)
def inplace_overwrites_and_returns_the_input(sub, v):
    """MyReLU(inplace=True)(x) writes relu(x) into x's own storage (a view of x sees it) and
    returns x itself."""
    x, _ = v.tensors(sub.device)
    got = sub.run(probes.run_module, x, True)
    expect_close(got["x"], torch.relu(x), "x after MyReLU(inplace=True)(x)")
    if not got["same"]:
        raise CheckFailed("MyReLU(inplace=True)(x) returned a new tensor, not x itself.")
    if not torch.equal(got["alias"], got["x"]):
        raise CheckFailed(
            "a view of x taken before MyReLU(inplace=True)(x) still holds the old values: the "
            "result went into new storage (x.data = ...), not into x's own."
        )


@check(
    tests="MyReLU",
    v=st.values(),
    hint=(
        "In place, x.clamp_(min=0) (or torch.relu_(x)) keeps the graph: its gradient is g where "
        "x > 0. Writing through x.data hides the operation from autograd."
    ),
)
def inplace_path_has_relus_gradient(sub, v):
    """With inplace=True, the gradient through MyReLU(inplace=True)(h) is torch.relu_'s: g where
    h > 0, 0 where h < 0."""
    x, g = v.tensors(sub.device)
    got = sub.run(probes.run_inplace_gradient, x, g)
    if not got["attached"]:
        raise CheckFailed(
            "MyReLU(inplace=True)(h) is cut off from the autograd graph: h's gradient cannot "
            "flow through it."
        )
    expect_close(got["grad"], ref.relu_grad(x, g), "the gradient through MyReLU(inplace=True)(h)")


@check(v=st.values(), examples=3, hint=devices.HINT)
def works_on_any_device(sub, v):
    """my_relu, its backward and MyReLU compute on the input's device: nothing goes through the CPU
    and no tensor is made without device=."""
    x, g = v.tensors(sub.device)
    devices.expect_on_meta(sub.run(probes.run_on_meta, x, g))
