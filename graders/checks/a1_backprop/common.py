"""Judges shared by train_manual and train_autograd: both run `steps` steps of plain gradient
descent on relu(x @ w1) @ w2 and must follow the reference trajectory of torch.optim.SGD.

Each judge takes the probe that runs the student's training function; the probe returns
{"losses": ..., "w1": ..., "w2": ...}.
"""

import torch

from graders.checks import references as ref
from graders.checks import scoring
from graders.checks.compare import (
    TRAJECTORY_RTOL,
    expect_close,
    expect_floats,
    expect_losses_close,
    expect_tensor_like,
)
from graders.errors import CheckFailed


def one_float_per_step(sub, probe, t, what):
    x, y, w1, w2 = t.problem.tensors(sub.device)
    got = sub.run(probe, x, y, w1, w2, t.lr, t.steps)
    expect_floats(got["losses"], t.steps, f"{what}(..., steps={t.steps})")


def weights_follow_reference(sub, probe, t):
    x, y, w1, w2 = t.problem.tensors(sub.device)
    got = sub.run(probe, x, y, w1, w2, t.lr, t.steps)
    _, ref_w1, ref_w2 = ref.two_layer_training(x, y, w1, w2, t.lr, t.steps)
    expect_tensor_like(got["w1"], w1, "w1 after training")
    expect_tensor_like(got["w2"], w2, "w2 after training")
    moved = not (torch.equal(ref_w1, w1) and torch.equal(ref_w2, w2))
    if moved and torch.equal(got["w1"], w1) and torch.equal(got["w2"], w2):
        raise CheckFailed(
            "w1 and w2 are unchanged after training: the updates did not reach the caller's "
            "tensors."
        )
    expect_close(got["w1"], ref_w1, "w1 after training", rtol=TRAJECTORY_RTOL)
    expect_close(got["w2"], ref_w2, "w2 after training", rtol=TRAJECTORY_RTOL)
    for name, alias, now in zip(("w1", "w2"), got["aliases"], (got["w1"], got["w2"])):
        if not torch.equal(alias, now):
            raise CheckFailed(
                f"a view of {name} taken before training still holds the old values: the updates "
                f"went into new storage ({name}.data = ...), not into {name}'s own."
            )


def losses_follow_reference(sub, probe, t):
    x, y, w1, w2 = t.problem.tensors(sub.device)
    got = sub.run(probe, x, y, w1, w2, t.lr, t.steps)
    expected, _, _ = ref.two_layer_training(x, y, w1, w2, t.lr, t.steps)
    expect_losses_close(got["losses"], expected, t.problem.dtype, "the list of losses returned")


def lowers_the_loss(sub, probe, t):
    """Only on problems where the reference itself makes progress (assume)."""
    x, y, w1, w2 = t.problem.tensors(sub.device)
    _, ref_w1, ref_w2 = ref.two_layer_training(x, y, w1, w2, t.lr, t.steps)
    start = ref.sse(ref.two_layer_forward(x, w1, w2), y).item()
    scoring.assume(ref.sse(ref.two_layer_forward(x, ref_w1, ref_w2), y).item() < start)
    got = sub.run(probe, x, y, w1, w2, t.lr, t.steps)
    expect_tensor_like(got["w1"], w1, "w1 after training")
    expect_tensor_like(got["w2"], w2, "w2 after training")
    end = ref.sse(ref.two_layer_forward(x, got["w1"], got["w2"]), y).item()
    if not end < start:
        raise CheckFailed(
            f"the loss went from {start:.4g} to {end:.4g} after {t.steps} steps with lr={t.lr}."
        )
