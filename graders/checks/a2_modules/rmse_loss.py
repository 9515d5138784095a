"""Grader for a2_modules/rmse_loss.py: RMSELoss, sqrt(mean((yhat - y) ** 2) + eps)."""

import dataclasses

import torch

from graders.checks import devices
from graders.checks import references as ref
from graders.checks import strategies as st
from graders.checks.compare import expect_close, expect_items, expect_tensor_like, expect_tuple
from graders.checks.scoring import check
from graders.errors import CheckFailed
from graders.feedback import number
from graders.inside.probes.a2_modules import rmse_loss as probes

# --- checks --------------------------------------------------------------------------------

FORMULA_HINT = (
    "torch.sqrt(torch.mean((yhat - y) ** 2) + self.eps): the mean over every entry, eps inside "
    "the root."
)


@check(tests="RMSELoss", pair=st.pairs(), hint=FORMULA_HINT)
def value_matches_the_formula(sub, pair):
    """RMSELoss(eps)(yhat, y) equals sqrt(mean((yhat - y) ** 2) + eps), a 0-d tensor."""
    yhat, y = pair.tensors(sub.device)
    expect_close(
        sub.run(probes.run_loss, yhat, y, pair.eps),
        ref.rmse(yhat, y, pair.eps),
        "RMSELoss(eps)(yhat, y)",
    )


@check(
    needs=("value_matches_the_formula",),
    tests="RMSELoss",
    pair=st.pairs(),
    hint=(
        "Compute the loss from this call's yhat and y alone: no cache (on the module or at "
        "module level) keyed by shape or by anything else."
    ),
)
def calls_keep_no_state(sub, pair):
    """One RMSELoss called on A, then B (the same shape, other values), then A again gives each
    pair's own loss every time, also when each pair is copied into the same tensors: nothing is
    kept between calls."""
    other = dataclasses.replace(pair, seed=pair.seed + 1, perfect=False)
    a, b = pair.tensors(sub.device), other.tensors(sub.device)
    got = sub.run(probes.run_loss_sequence, [a, b, a], pair.eps)
    for how, where in (("fresh", ""), ("refilled", " copied into the tensors of the first call")):
        losses = expect_items(got[how], 3, "the three losses")
        for value, (yhat, y), label in zip(losses, [a, b, a], ["A", "B", "A again"]):
            expect_close(value, ref.rmse(yhat, y, pair.eps), f"the loss of {label}{where}")


@check(
    tests="RMSELoss",
    pair=st.pairs(),
    hint=(
        "Build the loss from torch operations on yhat and y only (no .item(), .detach() or "
        ".numpy())."
    ),
)
def gradient_matches_autograd(sub, pair):
    """The gradients of RMSELoss with respect to yhat and y equal autograd's through the formula."""
    yhat, y = pair.tensors(sub.device)
    got = sub.run(probes.run_grads, yhat, y, pair.eps)
    if not got["attached"]:
        raise CheckFailed("the loss is not attached to the autograd graph, so it has no gradient.")
    expected = ref.rmse_grads(yhat, y, pair.eps)
    got_yhat, got_y = expect_tuple(got["grads"], 2, "the gradients")
    expect_close(got_yhat, expected[0], "the gradient with respect to yhat")
    expect_close(got_y, expected[1], "the gradient with respect to y")


@check(
    tests="RMSELoss",
    pair=st.pairs(perfect=True),
    hint=(
        "Put eps inside the square root: sqrt(mean + eps) has a finite slope at 0, sqrt(mean) + "
        "eps does not."
    ),
)
def gradient_is_finite_at_a_perfect_fit(sub, pair):
    """When yhat == y the gradient of RMSELoss is finite (no NaN, no inf)."""
    yhat, y = pair.tensors(sub.device)
    got = sub.run(probes.run_grads, yhat, y, pair.eps)
    if not got["attached"]:
        raise CheckFailed("the loss is not attached to the autograd graph, so it has no gradient.")
    grad = expect_tuple(got["grads"], 2, "the gradients")[0]
    expect_tensor_like(grad, y, "the gradient with respect to yhat")
    if not torch.isfinite(grad).all():
        raise CheckFailed(
            "at yhat == y the gradient with respect to yhat has "
            f"{int((~torch.isfinite(grad)).sum())} NaN or inf entries."
        )


@check(tests="RMSELoss", pair=st.pairs(), hint="Square the differences before averaging.")
def is_non_negative(sub, pair):
    """RMSELoss(yhat, y) is never negative."""
    yhat, y = pair.tensors(sub.device)
    got = sub.run(probes.run_loss, yhat, y, pair.eps)
    expect_tensor_like(got, ref.rmse(yhat, y, pair.eps), "RMSELoss(eps)(yhat, y)")
    if got.item() < 0:
        raise CheckFailed(f"RMSELoss returned {number(got.item())}.")


@check(
    tests="RMSELoss",
    pair=st.pairs(),
    hint="(yhat - y) ** 2 is the same as (y - yhat) ** 2.",
)
def is_symmetric(sub, pair):
    """RMSELoss(yhat, y) equals RMSELoss(y, yhat)."""
    yhat, y = pair.tensors(sub.device)
    forward, backward = (
        sub.run(probes.run_loss, yhat, y, pair.eps),
        sub.run(probes.run_loss, y, yhat, pair.eps),
    )
    expect_tensor_like(forward, ref.rmse(yhat, y, pair.eps), "RMSELoss(eps)(yhat, y)")
    expect_close(backward, forward, "RMSELoss(eps)(y, yhat), against RMSELoss(eps)(yhat, y),")


@check(
    tests="RMSELoss",
    pair=st.pairs(perfect=True),
    hint="Store eps in __init__ (self.eps = eps), default 1e-6, and use self.eps in forward.",
)
def eps_is_honoured(sub, pair):
    """RMSELoss(eps) keeps self.eps, and at yhat == y returns sqrt(eps); RMSELoss() uses
    eps = 1e-6."""
    yhat, y = pair.tensors(sub.device)
    got = sub.run(probes.run_grads, yhat, y, pair.eps)
    if got["eps"] != pair.eps:
        raise CheckFailed(f"RMSELoss(eps={pair.eps}).eps is {got['eps']!r}.")
    sqrt_eps = torch.tensor(pair.eps, dtype=y.dtype, device=y.device).sqrt()
    expect_close(
        sub.run(probes.run_loss, yhat, y, pair.eps), sqrt_eps, f"RMSELoss(eps={pair.eps})(y, y)"
    )
    default = torch.tensor(1e-6, dtype=y.dtype, device=y.device).sqrt()
    expect_close(sub.run(probes.run_default_loss, yhat, y), default, "RMSELoss()(y, y)")


@check(
    tests="RMSELoss",
    pair=st.pairs(),
    hint="Compare yhat.shape with y.shape first and raise ValueError when they differ.",
)
def mismatched_shapes_raise_value_error(sub, pair):
    """RMSELoss raises ValueError when yhat and y have different shapes, even shapes that
    broadcast."""
    yhat, y = pair.tensors(sub.device)
    for a, b in [
        (yhat, y.reshape(-1)[:1]),
        (yhat.unsqueeze(0), y.unsqueeze(-1)),
        (yhat, torch.zeros((), dtype=y.dtype, device=y.device)),
    ]:
        if a.shape != b.shape:
            got = sub.run(probes.run_mismatch, a, b)
            if got != "ValueError":
                raise CheckFailed(
                    f"shapes {tuple(a.shape)} and {tuple(b.shape)} "
                    f"{'gave a loss' if got == 'returned' else 'raised ' + got} instead of "
                    "raising ValueError."
                )


@check(
    tests="RMSELoss",
    pair=st.pairs(),
    hint="Return the tensor itself, not loss.item() or loss.detach().",
)
def result_stays_attached_to_the_graph(sub, pair):
    """When yhat requires grad, the loss is a 0-d tensor attached to the autograd graph."""
    yhat, y = pair.tensors(sub.device)
    got = sub.run(probes.run_grads, yhat, y, pair.eps)
    expect_tensor_like(got["loss"], ref.rmse(yhat, y, pair.eps), "the loss")
    if not got["attached"]:
        raise CheckFailed(
            "the loss does not require grad or has no grad_fn: it is cut off from the graph."
        )


@check(tests="RMSELoss", pair=st.pairs(), examples=3, hint=devices.HINT)
def works_on_any_device(sub, pair):
    """RMSELoss computes on the inputs' device: nothing goes through the CPU and no tensor is made
    without device=."""
    yhat, y = pair.tensors(sub.device)
    devices.expect_on_meta(sub.run(probes.run_on_meta, yhat, y, pair.eps))
