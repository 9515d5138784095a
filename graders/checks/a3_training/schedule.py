"""Grader for a3_training/schedule.py: MultiStepLR's rate by hand, and the training loop with
an optimizer and a scheduler, judged step by step from what a recording optimizer saw."""

import torch
import torch.nn.functional as F

from graders import problems as pb
from graders.checks import references as ref
from graders.checks import scoring
from graders.checks import strategies as st
from graders.checks.compare import TRAJECTORY_RTOL, expect_close, expect_losses_close
from graders.checks.scoring import check
from graders.errors import CheckFailed
from graders.feedback import kind, number
from graders.inside.probes.a3_training import schedule as probes

# --- judges --------------------------------------------------------------------------------
# No reference loop: each judge checks one property of the steps the recording optimizer saw
# (its lr, its gradients, where it started from), so the graders a student holds contain no
# `train` to copy. Together they pin the loop: the first step starts from the model's initial
# parameters, each step's gradients are its batch's at the parameters it updates, its lr is
# MultiStepLR's for its epoch, and each step starts where the one before left the parameters.


def _run(sub, task, with_scheduler=True, stale=False):
    batches = task.data(sub.device)
    return sub.run(probes.run_train, task, batches, with_scheduler, stale), batches


def _expected_lrs(task, with_scheduler=True) -> list[float]:
    """The lr of every step: MultiStepLR's (torch's own, run by references.multistep_lr) for the
    step's epoch, or the constant lr without a scheduler."""
    return [
        ref.multistep_lr(task.lr, task.milestones, task.gamma, epoch) if with_scheduler else task.lr
        for epoch in range(task.epochs)
        for _ in range(task.batches)
    ]


def _expect_step_count(got, task):
    steps = task.epochs * task.batches
    if len(got["lrs"]) != steps:
        raise CheckFailed(
            f"optimizer.step() was called {len(got['lrs'])} times for {task.epochs} epochs of "
            f"{task.batches} batches, expected {steps} (once per batch)."
        )


def _expect_lrs(got, task, with_scheduler=True):
    _expect_step_count(got, task)
    for i, (g, e) in enumerate(zip(got["lrs"], _expected_lrs(task, with_scheduler))):
        if abs(g - e) > 1e-12:
            raise CheckFailed(
                f"at optimizer step {i} (epoch {i // task.batches}) the lr was {number(g)}, "
                f"expected {number(e)}."
            )


def _replay(got, task, batches):
    """Replay the forwards of the recorded steps on a fresh copy of the task's model, in training
    mode: at step k, the parameters that step updates and batch k. Checks that each step's
    gradients are that batch's alone there; returns each step's loss and the buffers (a
    BatchNorm's running statistics) the forwards leave."""
    _expect_step_count(got, task)
    model = task.model(device=batches[0][0].device)
    losses = []
    for step, (at, grads) in enumerate(zip(got["at"], got["grads"])):
        x, y = batches[step % task.batches]
        with torch.no_grad():
            for p, q in zip(model.parameters(), at):
                p.copy_(q)
        model.zero_grad()
        loss = F.mse_loss(model(x), y)
        loss.backward()
        losses.append(loss.item())
        for j, p in enumerate(model.parameters()):
            expect_close(
                grads[j],
                p.grad,
                f"the gradient of parameter {j} at step {step}",
                rtol=TRAJECTORY_RTOL,
            )
    return losses, list(model.buffers())


def _expected_means(losses, task) -> list[float]:
    """Each epoch's mean of its batch losses."""
    n = task.batches
    return [sum(losses[e * n : (e + 1) * n]) / n for e in range(task.epochs)]


def _expect_steps_chain(got, task, batches):
    """The first step starts from the model's initial parameters, each later one from where the
    step before left them (p - lr * grad), and the model ends where the last step left it."""
    start = list(task.model(device=batches[0][0].device).parameters())
    ends = [*got["at"][1:], got["params"]]
    where = start
    for step, (at, grads, lr, end) in enumerate(zip(got["at"], got["grads"], got["lrs"], ends)):
        for j, (p, q) in enumerate(zip(where, at)):
            expect_close(q, p.detach(), f"parameter {j} when step {step} began", TRAJECTORY_RTOL)
        where = [p if g is None else p - lr * g for p, g in zip(at, grads)]
        what = "after training" if step == len(ends) - 1 else f"when step {step + 1} began"
        for j, (p, q) in enumerate(zip(where, end)):
            expect_close(q, p.detach(), f"parameter {j} {what}", TRAJECTORY_RTOL)


def _loss(task, params, batches):
    """The task's model with these parameters: the sum of its losses over the batches."""
    model = task.model(device=batches[0][0].device)
    with torch.no_grad():
        for p, q in zip(model.parameters(), params):
            p.copy_(q)
        return sum(F.mse_loss(model(x), y).item() for x, y in batches)


# --- checks --------------------------------------------------------------------------------

# Always tried first: milestones out of order (bisect on them miscounts), a milestone repeated and
# equal to the epoch, and none at all at epoch 0.
SCHEDULE_CORNERS = [
    {"s": pb.Schedule(0.1, (5, 1, 3), 0.5, 3)},
    {"s": pb.Schedule(0.5, (2, 2), 0.1, 2)},
    {"s": pb.Schedule(1.0, (), 0.9, 0)},
]


@check(
    tests="lr_at_epoch",
    s=st.schedules(),
    corners=SCHEDULE_CORNERS,
    hint=(
        "base_lr * gamma ** (number of milestones m with m <= epoch), counting a repeated "
        "milestone each time."
    ),
)
def lr_at_epoch_matches_multisteplr(sub, s):
    """lr_at_epoch(base_lr, milestones, gamma, epoch) equals the lr MultiStepLR gives during that
    epoch, for unsorted and repeated milestones."""
    got = sub.run(probes.run_lr_at_epoch, s)
    expected = ref.multistep_lr(s.base_lr, s.milestones, s.gamma, s.epoch)
    if not isinstance(got, float) or abs(got - expected) > 1e-12 * max(1.0, abs(expected)):
        raise CheckFailed(
            f"lr_at_epoch returned {number(got) if isinstance(got, float) else kind(got)}, "
            f"MultiStepLR gives {number(expected)}."
        )


@check(
    tests="train",
    task=st.regressions(),
    hint=(
        "Per batch: optimizer.zero_grad(), loss = loss_fn(model(x), y), loss.backward(), "
        "optimizer.step(); scheduler.step() after the batch loop."
    ),
)
def lr_seen_at_each_step_follows_the_schedule(sub, task):
    """The optimizer steps once per batch, and the lr it sees at each step is MultiStepLR's for
    that epoch: the scheduler steps once per epoch, after the epoch's batches."""
    got, _ = _run(sub, task)
    _expect_lrs(got, task)


@check(
    tests="train",
    task=st.regressions(),
    hint="Call optimizer.zero_grad() at the start of every batch: backward() adds to .grad.",
)
def gradients_are_cleared_every_batch(sub, task):
    """At every optimizer step the gradients are those of the current batch alone."""
    got, batches = _run(sub, task)
    _replay(got, task, batches)


@check(
    tests="train",
    task=st.regressions(),
    hint=(
        "Clear the gradients at the start of each batch, before backward (optimizer.zero_grad(); "
        "loss.backward(); optimizer.step()), not after step(): then what an earlier backward left "
        "on the model never reaches a step."
    ),
)
def stale_gradients_never_reach_a_step(sub, task):
    """Gradients already on the model when train is called (from an earlier backward) never reach
    a step: the first step sees the first batch's gradients alone."""
    got, batches = _run(sub, task, stale=True)
    _replay(got, task, batches)


@check(
    needs=("lr_seen_at_each_step_follows_the_schedule", "gradients_are_cleared_every_batch"),
    tests="train",
    task=st.regressions(),
    hint="Add loss.item() for each batch and divide by the number of batches, once per epoch.",
)
def returns_the_mean_loss_of_each_epoch(sub, task):
    """train returns one plain float per epoch: the mean of that epoch's batch losses."""
    got, batches = _run(sub, task)
    losses, _ = _replay(got, task, batches)
    expect_losses_close(
        got["means"], _expected_means(losses, task), task.dtype, "the returned mean losses"
    )


@check(
    needs=("returns_the_mean_loss_of_each_epoch",),
    tests="train",
    task=st.regressions(unequal=True),
    hint=(
        "Each batch counts once, whatever its size: the sum of the epoch's loss.item() divided "
        "by the number of batches, not weighted by the batches' sizes."
    ),
)
def each_batch_counts_once_in_the_mean(sub, task):
    """With batches of different sizes, each epoch's value is the plain mean of its batch losses
    (each batch counts once), not a mean over samples."""
    got, batches = _run(sub, task)
    losses, _ = _replay(got, task, batches)
    expect_losses_close(
        got["means"], _expected_means(losses, task), task.dtype, "the returned mean losses"
    )


@check(
    needs=("lr_seen_at_each_step_follows_the_schedule", "gradients_are_cleared_every_batch"),
    tests="train",
    task=st.regressions(hidden=(0, 4), norm=(False, True)),
    hint=(
        "zero_grad, forward, loss, backward, step: in this order, every batch; the model in "
        "training mode."
    ),
)
def weights_follow_every_step(sub, task):
    """After train, the model is in training mode; every step started where the one before left
    the parameters (the first from the model's own), the model holds where the last step left
    them, and a BatchNorm's running statistics are those of one forward per batch, in order."""
    got, batches = _run(sub, task)
    if not got["training"]:
        raise CheckFailed("train left the model in evaluation mode; leave it in training mode.")
    _, buffers = _replay(got, task, batches)
    _expect_steps_chain(got, task, batches)
    for i, (g, e) in enumerate(zip(got["buffers"], buffers)):
        if e.is_floating_point():
            expect_close(
                g, e, f"buffer {i} (a running statistic) after training", rtol=TRAJECTORY_RTOL
            )
        elif not (isinstance(g, torch.Tensor) and torch.equal(g, e)):
            raise CheckFailed(
                f"buffer {i} (a count of batches) after training is {g!r}, expected {e.item()}."
            )


@check(
    tests="train",
    task=st.regressions(),
    hint="`if scheduler is not None: scheduler.step()`.",
)
def works_without_a_scheduler(sub, task):
    """train(..., scheduler=None) trains with a constant lr, and returns the mean losses."""
    got, batches = _run(sub, task, with_scheduler=False)
    _expect_lrs(got, task, with_scheduler=False)
    losses, _ = _replay(got, task, batches)
    expect_losses_close(
        got["means"], _expected_means(losses, task), task.dtype, "the returned mean losses"
    )


@check(
    tests="train",
    task=st.regressions(),
    hint="Each step must go downhill: zero_grad, backward, then step.",
)
def training_lowers_the_loss(sub, task):
    """On a well-conditioned regression, the loss of the trained model is lower than that of the
    model it started from."""
    got, batches = _run(sub, task)
    start = list(task.model(device=sub.device).parameters())
    for p, q in zip(start, got["params"]):
        if not isinstance(q, torch.Tensor) or q.shape != p.shape:
            raise CheckFailed("the model's parameters changed shape during training.")
    before, after = _loss(task, start, batches), _loss(task, got["params"], batches)
    if after < before:
        return
    try:  # the contract's loop makes no progress on this task: it says nothing here
        _expect_lrs(got, task)
        _replay(got, task, batches)
        _expect_steps_chain(got, task, batches)
    except CheckFailed:
        raise CheckFailed(
            f"the loss went from {number(before)} to {number(after)} over {task.epochs} epochs."
        ) from None
    scoring.assume(False)
