"""Grader for a2_modules/my_relu.py: ReLU as a torch.autograd.Function with a hand-written
backward, and a module around it with an in-place option."""

import torch

from graders import references as ref
from graders import strategies as st
from graders.compare import expect_close, expect_unchanged
from graders.feedback import CheckFailed
from graders.scoring import check

OWN_BACKWARD = "MyReLUFunctionBackward"  # the grad_fn class autograd makes for MyReLUFunction

# --- probes --------------------------------------------------------------------------------


def run_my_relu(mod, x):
    return {"out": mod.my_relu(x), "x": x}


def run_module(mod, x, inplace):
    """MyReLU(inplace=...)(x); with inplace None, MyReLU() with its default."""
    out = (mod.MyReLU() if inplace is None else mod.MyReLU(inplace=inplace))(x)
    return {"out": out, "x": x, "same": out is x}


def run_backward(mod, x, grad_out, through_module):
    x.requires_grad_()
    out = mod.MyReLU()(x) if through_module else mod.my_relu(x)
    grad_fn = type(getattr(out, "grad_fn", None)).__name__
    if grad_fn == OWN_BACKWARD:
        out.backward(grad_out)
    return {"grad_fn": grad_fn, "grad": x.grad}


def run_gradcheck(mod, x):
    return torch.autograd.gradcheck(mod.MyReLUFunction.apply, (x.requires_grad_(),), raise_exception=False)


# --- checks --------------------------------------------------------------------------------

MASK_HINT = "backward returns grad_output * (x > 0), with x from ctx.saved_tensors; not a mask alone, not grad_output alone."


def _expect_own_backward(got, what):
    if got["grad_fn"] != OWN_BACKWARD:
        raise CheckFailed(
            f"the output of {what} has grad_fn {got['grad_fn']}, expected {OWN_BACKWARD}: "
            "call MyReLUFunction.apply(x), so that autograd uses your backward."
        )


@check(points=2, v=st.values(away_from_zero=False), hint="forward returns x.clamp(min=0) (or torch.relu(x)); keep dtype and shape.")
def values_equal_torch_relu(sub, v):
    """my_relu(x) equals torch.relu(x), including exact zeros, with x's shape, dtype and device."""
    x, _ = v.tensors(sub.device)
    expect_close(sub.run(run_my_relu, x)["out"], torch.relu(x), "my_relu(x)")


@check(points=1, v=st.values(), hint="my_relu(x) must return MyReLUFunction.apply(x).")
def output_comes_from_the_custom_function(sub, v):
    """When x requires grad, my_relu(x) has a grad_fn of MyReLUFunction: autograd will call the hand-written backward."""
    x, g = v.tensors(sub.device)
    _expect_own_backward(sub.run(run_backward, x, g, False), "my_relu(x)")


@check(points=3, v=st.values(), hint=MASK_HINT)
def backward_masks_the_upstream_gradient(sub, v):
    """For a random upstream gradient g, the gradient of my_relu at x is g where x > 0 and 0 where x < 0."""
    x, g = v.tensors(sub.device)
    got = sub.run(run_backward, x, g, False)
    _expect_own_backward(got, "my_relu(x)")
    expect_close(got["grad"], ref.relu_grad(x, g), "x.grad after my_relu(x).backward(g)")


@check(points=1, v=st.values(dtype=torch.float64), examples=10, hint=MASK_HINT)
def passes_gradcheck(sub, v):
    """torch.autograd.gradcheck accepts MyReLUFunction in float64, away from 0."""
    x, _ = v.tensors(sub.device)
    if sub.run(run_gradcheck, x) is not True:
        raise CheckFailed("gradcheck found that backward does not match numerical derivatives of forward.")


@check(points=1, v=st.values(), hint="MyReLU.forward returns my_relu(x) when inplace is False.")
def module_uses_my_relu(sub, v):
    """MyReLU()(x) equals relu(x) and its gradient comes from MyReLUFunction's backward."""
    x, g = v.tensors(sub.device)
    expect_close(sub.run(run_module, x, False)["out"], torch.relu(x), "MyReLU()(x)")
    got = sub.run(run_backward, x, g, True)
    _expect_own_backward(got, "MyReLU()(x)")
    expect_close(got["grad"], ref.relu_grad(x, g), "x.grad after MyReLU()(x).backward(g)")


@check(points=1, v=st.values(away_from_zero=False), hint="Without inplace, compute a new tensor: x.clamp(min=0), not x.clamp_(min=0).")
def without_inplace_the_input_is_untouched(sub, v):
    """my_relu(x) and MyReLU()(x) (inplace is False by default) leave x as it was."""
    x, _ = v.tensors(sub.device)
    expect_unchanged(sub.run(run_my_relu, x)["x"], x, "x after my_relu(x)")
    expect_unchanged(sub.run(run_module, x, None)["x"], x, "x after MyReLU()(x)")


@check(points=1, v=st.values(away_from_zero=False), hint="With inplace=True: return x.clamp_(min=0), which writes into x and returns x itself.")
def inplace_overwrites_and_returns_the_input(sub, v):
    """MyReLU(inplace=True)(x) writes relu(x) into x and returns x itself."""
    x, _ = v.tensors(sub.device)
    got = sub.run(run_module, x, True)
    expect_close(got["x"], torch.relu(x), "x after MyReLU(inplace=True)(x)")
    if not got["same"]:
        raise CheckFailed("MyReLU(inplace=True)(x) returned a new tensor, not x itself.")
