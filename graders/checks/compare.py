"""Comparing a submission's answer with torch's, and the tolerances used for it.

Tolerances, per dtype, relative to the scale of the expected tensor (its largest entry, at
least 1): an entry passes when |got - expected| <= RTOL[dtype] * scale.

- float32: 1e-4. The submission and torch may sum in another order (x @ w vs einsum vs a
  loop); with the kit's sizes (at most a few hundred terms of size <= 10) that moves results by
  a few hundred float32 ulps (1.2e-7 each), well under 1e-4 of the scale. Real mistakes (a
  missing factor 2, a missing ReLU mask, a transpose) change entries by a sizeable fraction of
  the scale.
- float64: 1e-9. Rounding in float64 is ~1e-16 per operation, so 1e-9 leaves six orders of
  magnitude for reordering, yet rejects a submission that silently computes in float32
  (errors ~1e-7) and casts back.
- Training trajectories compound rounding over several steps: they use TRAJECTORY_RTOL,
  100 times looser, still far below the effect of a wrong update.
"""

from __future__ import annotations

import torch

from graders.errors import CheckFailed
from graders.feedback import brief_pair, digits_to_tell_apart, dtype_name, kind, number

RTOL = {torch.float32: 1e-4, torch.float64: 1e-9}
TRAJECTORY_RTOL = {dtype: 100 * rtol for dtype, rtol in RTOL.items()}
# A gradient check in float64 (as torch.autograd.gradcheck's defaults): central differences
# with eps 1e-6 are exact to about 1e-10 for a piecewise-linear function away from its kink;
# a wrong backward (a missing mask, grad_output alone) is off by a sizeable fraction.
GRADCHECK_EPS, GRADCHECK_TOL = 1e-6, 1e-5


def scale_of(expected: torch.Tensor) -> float:
    return max(1.0, expected.detach().abs().max().item()) if expected.numel() else 1.0


def expect_tensor_like(got, expected: torch.Tensor, what: str) -> None:
    """`got` is a plain tensor with the shape, dtype and device of `expected`."""
    if not isinstance(got, torch.Tensor):
        raise CheckFailed(f"{what} is {kind(got)}, expected a tensor.")
    if got.shape != expected.shape:
        raise CheckFailed(f"{what} has shape {tuple(got.shape)}, expected {tuple(expected.shape)}.")
    if got.dtype != expected.dtype:
        raise CheckFailed(
            f"{what} is {dtype_name(got.dtype)}, expected {dtype_name(expected.dtype)} "
            "(results keep the inputs' dtype)."
        )
    if got.device != expected.device:
        raise CheckFailed(
            f"{what} is on {got.device}, expected {expected.device} "
            "(results stay on the inputs' device)."
        )


def expect_close(got, expected: torch.Tensor, what: str, rtol: dict = RTOL) -> None:
    """`got` equals `expected` up to the dtype's tolerance (see the module docstring)."""
    expect_tensor_like(got, expected, what)
    tol = rtol[expected.dtype] * scale_of(expected)
    error = (got.detach() - expected.detach()).abs()
    error = torch.where(torch.isnan(error), torch.full_like(error, float("inf")), error)
    if expected.numel() == 0 or error.max().item() <= tol:
        return
    worst = int(error.flatten().argmax())
    index = tuple(int(i) for i in torch.unravel_index(torch.tensor(worst), expected.shape))
    shown_expected, shown_got = brief_pair(expected, got)
    at = expected.flatten()[worst].item(), got.flatten()[worst].item()
    digits = digits_to_tell_apart([at])
    raise CheckFailed(
        f"{what} differs from torch's answer.",
        expected=shown_expected,
        got=shown_got,
        detail=(
            f"Largest difference {number(error.max().item())} at index {index}: expected "
            f"{number(at[0], digits)}, got {number(at[1], digits)} "
            f"(allowed {number(tol)} for {dtype_name(expected.dtype)})."
        ),
    )


def expect_close_for_some_subgradient(
    got, at_zero: torch.Tensor, at_one: torch.Tensor, what: str
) -> None:
    """`got` equals (1 - c) * at_zero + c * at_one for some c in [0, 1].

    For gradients through a ReLU with ties at exactly 0: `at_zero` is the gradient with the
    ReLU's derivative taken as 0 at the ties, `at_one` with 1. Any fixed subgradient c in
    [0, 1] is correct (relu gives 0, clamp(min=0) gives 1, maximum gives 0.5).
    """
    expect_tensor_like(got, at_zero, what)
    direction = (at_one - at_zero).detach()
    c = 0.0
    if direction.abs().max().item() > 0:
        c = (((got.detach() - at_zero) * direction).sum() / (direction * direction).sum()).item()
        c = min(max(c, 0.0), 1.0)
    expect_close(got, at_zero + c * direction, what)


def expect_unchanged(after: torch.Tensor, before: torch.Tensor, what: str) -> None:
    """An input the function must not modify still holds exactly its old values."""
    if not torch.equal(after, before):
        changed = int((after != before).sum())
        raise CheckFailed(
            f"{what} was modified ({changed} of {before.numel()} entries changed); "
            "the function must leave its inputs as they were."
        )


def expect_floats(values, count: int, what: str) -> list[float]:
    """`values` is a list of `count` plain Python floats."""
    if not isinstance(values, list):
        raise CheckFailed(f"{what} is {kind(values)}, expected a list of floats.")
    if len(values) != count:
        raise CheckFailed(f"{what} has {len(values)} entries, expected {count} (one per step).")
    for i, v in enumerate(values):
        if type(v) is not float:
            raise CheckFailed(
                f"{what}[{i}] is {kind(v)}, expected a plain Python float "
                "(a 0-d tensor becomes one with .item())."
            )
    return values


def expect_items(got, count: int, what: str) -> list:
    """`got` is a list (or tuple) of `count` items."""
    if not isinstance(got, (list, tuple)) or len(got) != count:
        size = f" of {len(got)}" if isinstance(got, (list, tuple)) else ""
        raise CheckFailed(f"{what} is {kind(got)}{size}, expected {count} items.")
    return list(got)


def expect_tuple(got, count: int, what: str) -> tuple:
    """`got` is a tuple (or list) of `count` items."""
    if not isinstance(got, (tuple, list)) or len(got) != count:
        size = f" of {len(got)}" if isinstance(got, (tuple, list)) else ""
        raise CheckFailed(f"{what} is {kind(got)}{size}, expected a tuple of {count}.")
    return tuple(got)


def expect_losses_close(
    got: list[float], expected: list[float], dtype: torch.dtype, what: str
) -> None:
    """A list of losses matches the reference trajectory (TRAJECTORY_RTOL for `dtype`)."""
    expect_floats(got, len(expected), what)
    expect_close(
        torch.tensor(got, dtype=torch.float64),
        torch.tensor(expected, dtype=torch.float64),
        what,
        rtol={torch.float64: TRAJECTORY_RTOL[dtype]},
    )
