"""Grader for a3_training/schedule.py: MultiStepLR's rate by hand, and the training loop with
an optimizer and a scheduler, compared step by step with the reference loop."""

import torch
import torch.nn.functional as F

from graders import problems as pb
from graders import references as ref
from graders import scoring
from graders import strategies as st
from graders.compare import TRAJECTORY_RTOL, expect_close, expect_losses_close
from graders.feedback import CheckFailed, kind, number
from graders.probes.a3_training import schedule as probes
from graders.scoring import check

# --- judges --------------------------------------------------------------------------------


def _reference(task, batches, with_scheduler):
    """The reference loop's (mean losses, lrs, final parameters, final buffers)."""
    model = task.model(device=batches[0][0].device)
    opt = torch.optim.SGD(model.parameters(), lr=task.lr)
    scheduler = (
        torch.optim.lr_scheduler.MultiStepLR(opt, list(task.milestones), task.gamma)
        if with_scheduler
        else None
    )
    return ref.training_loop(model, opt, batches, task.epochs, scheduler)


def _run(sub, task, with_scheduler=True):
    batches = task.data(sub.device)
    return sub.run(probes.run_train, task, batches, with_scheduler), _reference(
        task, batches, with_scheduler
    )


def _expect_step_count(got, task):
    steps = task.epochs * task.batches
    if len(got["lrs"]) != steps:
        raise CheckFailed(
            f"optimizer.step() was called {len(got['lrs'])} times for {task.epochs} epochs of "
            f"{task.batches} batches, expected {steps} (once per batch)."
        )


def _loss(task, params, batches):
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
    points=2,
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
    points=2,
    task=st.regressions(),
    hint=(
        "Per batch: optimizer.zero_grad(), loss = loss_fn(model(x), y), loss.backward(), "
        "optimizer.step(); scheduler.step() after the batch loop."
    ),
)
def lr_seen_at_each_step_follows_the_schedule(sub, task):
    """The optimizer steps once per batch, and the lr it sees at each step is the reference loop's:
    the scheduler steps once per epoch, after the epoch's batches."""
    got, (_, lrs, _, _) = _run(sub, task)
    _expect_step_count(got, task)
    for i, (g, e) in enumerate(zip(got["lrs"], lrs)):
        if abs(g - e) > 1e-12:
            raise CheckFailed(
                f"at optimizer step {i} (epoch {i // task.batches}) the lr was {number(g)}, "
                f"expected {number(e)}."
            )


def _expect_batch_gradients(got, task, batches):
    """Each step's gradients are those of its batch alone, at the parameters that step updates
    (whatever lr got them there)."""
    _expect_step_count(got, task)
    model = task.model(device=batches[0][0].device)
    for step, (at, grads) in enumerate(zip(got["at"], got["grads"])):
        x, y = batches[step % task.batches]
        with torch.no_grad():
            for p, q in zip(model.parameters(), at):
                p.copy_(q)
        model.zero_grad()
        F.mse_loss(model(x), y).backward()
        for j, p in enumerate(model.parameters()):
            expect_close(
                grads[j],
                p.grad,
                f"the gradient of parameter {j} at step {step}",
                rtol=TRAJECTORY_RTOL,
            )


@check(
    tests="train",
    points=1,
    task=st.regressions(),
    hint="Call optimizer.zero_grad() at the start of every batch: backward() adds to .grad.",
)
def gradients_are_cleared_every_batch(sub, task):
    """At every optimizer step the gradients are those of the current batch alone."""
    batches = task.data(sub.device)
    _expect_batch_gradients(sub.run(probes.run_train, task, batches, True), task, batches)


@check(
    tests="train",
    points=1,
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
    batches = task.data(sub.device)
    got = sub.run(probes.run_train, task, batches, True, True)
    _expect_batch_gradients(got, task, batches)


@check(
    needs=("lr_seen_at_each_step_follows_the_schedule", "gradients_are_cleared_every_batch"),
    tests="train",
    points=2,
    task=st.regressions(),
    hint="Add loss.item() for each batch and divide by the number of batches, once per epoch.",
)
def returns_the_mean_loss_of_each_epoch(sub, task):
    """train returns one plain float per epoch: the mean of that epoch's batch losses."""
    got, (means, _, _, _) = _run(sub, task)
    expect_losses_close(got["means"], means, task.dtype, "the returned mean losses")


@check(
    needs=("returns_the_mean_loss_of_each_epoch",),
    tests="train",
    points=1,
    task=st.regressions(unequal=True),
    hint=(
        "Each batch counts once, whatever its size: the sum of the epoch's loss.item() divided "
        "by the number of batches, not weighted by the batches' sizes."
    ),
)
def each_batch_counts_once_in_the_mean(sub, task):
    """With batches of different sizes, each epoch's value is the plain mean of its batch losses
    (each batch counts once), not a mean over samples."""
    got, (means, _, _, _) = _run(sub, task)
    expect_losses_close(got["means"], means, task.dtype, "the returned mean losses")


@check(
    needs=("lr_seen_at_each_step_follows_the_schedule", "gradients_are_cleared_every_batch"),
    tests="train",
    points=2,
    task=st.regressions(hidden=(0, 4), norm=(False, True)),
    hint=(
        "zero_grad, forward, loss, backward, step: in this order, every batch; the model in "
        "training mode."
    ),
)
def weights_match_the_reference_loop(sub, task):
    """After train, the model is in training mode, and its parameters (and a BatchNorm's running
    statistics) equal those of the reference loop."""
    got, (_, _, params, buffers) = _run(sub, task)
    if not got["training"]:
        raise CheckFailed("train left the model in evaluation mode; leave it in training mode.")
    for i, (g, e) in enumerate(zip(got["params"], params)):
        expect_close(g, e, f"parameter {i} after training", rtol=TRAJECTORY_RTOL)
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
    points=1,
    task=st.regressions(),
    hint="`if scheduler is not None: scheduler.step()`.",
)
def works_without_a_scheduler(sub, task):
    """train(..., scheduler=None) trains with a constant lr and gives the reference's losses."""
    got, (means, lrs, _, _) = _run(sub, task, with_scheduler=False)
    _expect_step_count(got, task)
    expect_losses_close(got["means"], means, task.dtype, "the returned mean losses")


@check(
    tests="train",
    points=1,
    task=st.regressions(),
    hint="Each step must go downhill: zero_grad, backward, then step.",
)
def training_lowers_the_loss(sub, task):
    """On a well-conditioned regression, the loss of the trained model is lower than that of the
    model it started from."""
    batches = task.data(sub.device)
    _, _, reference, _ = _reference(task, batches, True)
    start, trained = task.model(device=sub.device), task.model(device=sub.device)
    with torch.no_grad():
        before = sum(F.mse_loss(start(x), y).item() for x, y in batches)
        scoring.assume(
            _loss(task, reference, batches) < before
        )  # only where the reference makes progress
    got = sub.run(probes.run_train, task, batches, True)
    with torch.no_grad():
        for p, q in zip(trained.parameters(), got["params"]):
            if not isinstance(q, torch.Tensor) or q.shape != p.shape:
                raise CheckFailed("the model's parameters changed shape during training.")
            p.copy_(q)
        after = sum(F.mse_loss(trained(x), y).item() for x, y in batches)
    if not after < before:
        raise CheckFailed(
            f"the loss went from {number(before)} to {number(after)} over {task.epochs} epochs."
        )
