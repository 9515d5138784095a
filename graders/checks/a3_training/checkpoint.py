"""Grader for a3_training/checkpoint.py: saving and resuming must give exactly the training
that was never interrupted, for SGD with momentum and for Adam: parameters, buffers (BatchNorm's
running statistics), the optimizer's state and its groups' hyperparameters, whatever the
objects it is loaded into were built with."""

import torch
import torch.serialization
from hypothesis import strategies as hst

from graders.checks import references as ref
from graders.checks import strategies as st
from graders.checks.scoring import check
from graders.errors import CheckFailed
from graders.feedback import kind
from graders.inside.probes.a3_training import checkpoint as probes

# --- judges --------------------------------------------------------------------------------

OPTIMIZERS = hst.sampled_from(["sgd", "adam"])
# Saving and resuming is exact or it is not; a handful of drawn problems (model sizes, both
# optimizers, step counts) is enough, and each example trains, saves and loads twice.
FEW = 5
STEPS = hst.integers(1, 3)


def _resume(sub, task, optimizer, k, m, epoch=3, on_gpu=False):
    batches = task.data(sub.device)
    return sub.run(probes.run_resume, task, batches, optimizer, k, m, epoch, on_gpu), batches


def _uninterrupted(task, batches, optimizer, k, m):
    model, opt = probes.trained(task, batches, optimizer, k)
    ref.train_steps(model, opt, batches, m, start=k)
    return [p.detach() for p in model.parameters()]


def _expect_equal(got, expected, what):
    for i, (g, e) in enumerate(zip(got, expected)):
        if not isinstance(g, torch.Tensor) or g.shape != e.shape or not torch.equal(g, e):
            raise CheckFailed(
                f"{what}: parameter {i} differs (a resumed run must be exactly the same, not "
                "just close)."
            )


def _expect_model_restored(got, when: str) -> None:
    """Every saved parameter and buffer is in the model that was passed in, exactly."""
    for name, value in got["saved"].items():
        other = got["restored"].get(name)
        if (
            not isinstance(other, torch.Tensor)
            or other.shape != value.shape
            or not torch.equal(other, value)
        ):
            raise CheckFailed(
                f"{when}, the model passed in has {name} different from the saved one."
            )


# --- checks --------------------------------------------------------------------------------


@check(
    tests="save_checkpoint",
    examples=FEW,
    task=st.regressions(),
    optimizer=OPTIMIZERS,
    hint=(
        "torch.save({'model': model.state_dict(), 'optimizer': optimizer.state_dict(), 'epoch': "
        "epoch}, path): state_dicts, never whole objects."
    ),
)
def file_loads_with_weights_only(sub, task, optimizer):
    """The checkpoint file opens with torch.load(path, weights_only=True) and holds a dict."""
    got, _ = _resume(sub, task, optimizer, 1, 1)
    if got["loads"] != "ok":
        raise CheckFailed(
            f"torch.load(path, weights_only=True) failed on the checkpoint: {got['loads']}."
        )


@check(
    tests="save_checkpoint",
    examples=FEW,
    task=st.regressions(hidden=(0, 3), norm=(False, True)),
    optimizer=OPTIMIZERS,
    training=hst.booleans(),
    hint=(
        "Only read the model and the optimizer: torch.save their state_dicts as they are, with "
        "no .cpu(), .to(...), .eval() or zero_grad() on the caller's objects."
    ),
)
def save_leaves_the_model_and_optimizer_alone(sub, task, optimizer, training):
    """save_checkpoint leaves the model and the optimizer as they were: every parameter, buffer,
    gradient and optimizer state on its device, with its dtype and values, and every module in
    its mode."""
    got = sub.run(probes.run_save_leaves_alone, task, task.data(sub.device), optimizer, training)
    before, after = got["before"], got["after"]
    if after["training"] != before["training"]:
        mode = "training" if training else "evaluation"
        raise CheckFailed(f"save_checkpoint changed the mode of a model that was in {mode} mode.")
    for name, where in before["where"].items():
        if name not in after["where"]:
            raise CheckFailed(f"after save_checkpoint, the {name} is gone.")
        if after["where"][name] != where:
            raise CheckFailed(
                f"save_checkpoint moved the {name} from {where} to {after['where'][name]}."
            )
        value, other = before["values"].get(name), after["values"].get(name)
        if not (isinstance(other, torch.Tensor) and torch.equal(value, other)):
            raise CheckFailed(f"save_checkpoint changed the values of the {name}.")
    if after["groups"] != before["groups"]:
        raise CheckFailed("save_checkpoint changed the optimizer's hyperparameters.")
    if "left" in got["meta"]:
        raise CheckFailed(
            f"save_checkpoint moves the caller's model: it uses {got['meta']['left']}. On a GPU "
            "that moves the model being trained to the CPU."
        )


@check(
    tests="load_checkpoint",
    examples=FEW,
    task=st.regressions(),
    epoch=hst.integers(0, 500),
    hint="Save the epoch in the dict and return it from load_checkpoint.",
)
def epoch_round_trips(sub, task, epoch):
    """load_checkpoint returns the epoch that save_checkpoint was given."""
    got, _ = _resume(sub, task, "sgd", 1, 0, epoch)
    if type(got["epoch"]) is not int or got["epoch"] != epoch:
        raise CheckFailed(
            f"load_checkpoint returned {got['epoch']!r} ({kind(got['epoch'])}), expected the "
            f"saved epoch {epoch}."
        )


@check(
    tests="load_checkpoint",
    examples=FEW,
    task=st.regressions(hidden=(0, 3), norm=(False, True)),
    optimizer=OPTIMIZERS,
    hint=(
        "model.load_state_dict(checkpoint['model']) on the model passed in; do not build or "
        "return a new one. The state_dict holds the buffers (BatchNorm's running statistics) too."
    ),
)
def load_restores_the_model_it_is_given(sub, task, optimizer):
    """After load_checkpoint, the model object passed in holds exactly the saved parameters and
    buffers (BatchNorm's running mean, variance and batch count)."""
    got, _ = _resume(sub, task, optimizer, 2, 0)
    _expect_model_restored(got, "after load_checkpoint")


@check(
    tests="load_checkpoint",
    examples=FEW,
    task=st.regressions(),
    optimizer=OPTIMIZERS,
    hint=(
        "optimizer.load_state_dict(checkpoint['optimizer']) on the optimizer passed in: momentum "
        "buffers and Adam's moments are state too."
    ),
)
def load_restores_the_optimizer_state(sub, task, optimizer):
    """After load_checkpoint, the optimizer passed in holds the saved state (momentum buffers,
    Adam's moments and step counts)."""
    got, _ = _resume(sub, task, optimizer, 2, 0)
    saved, restored = got["saved_state"], got["restored_state"]
    if not isinstance(restored, dict) or sorted(restored) != sorted(saved):
        raise CheckFailed(
            "after load_checkpoint, the optimizer passed in has no saved state (momentum "
            "buffers or Adam's moments)."
        )
    for index, state in saved.items():
        for key, value in state.items():
            other = restored[index].get(key) if isinstance(restored[index], dict) else None
            if not isinstance(other, torch.Tensor) or not torch.equal(other, value):
                raise CheckFailed(
                    f"after load_checkpoint, the optimizer's {key!r} for parameter {index} "
                    "differs from the saved one."
                )


@check(
    tests="load_checkpoint",
    examples=FEW,
    task=st.regressions(),
    optimizer=OPTIMIZERS,
    hint=(
        "torch.load(path, map_location=<the device of the model's parameters>, "
        "weights_only=True): without it, torch puts each tensor back on the device it was saved "
        "from."
    ),
)
def loads_a_checkpoint_saved_on_a_gpu(sub, task, optimizer):
    """A checkpoint saved on a GPU machine loads into a model on this machine's device (tensors land
    where the model lives)."""
    got, _ = _resume(sub, task, optimizer, 2, 0, on_gpu=True)
    _expect_model_restored(got, "after loading a checkpoint saved on a GPU machine")


@check(
    tests="load_checkpoint",
    examples=FEW,
    task=st.regressions(),
    optimizer=OPTIMIZERS,
    hint=(
        "optimizer.load_state_dict restores each group's hyperparameters (a scheduler may have "
        "changed the lr) over whatever the fresh optimizer was built with."
    ),
)
def load_restores_the_groups_hyperparameters(sub, task, optimizer):
    """After load_checkpoint into an optimizer built with another lr (and momentum, or betas), its
    groups hold the saved hyperparameters, including an lr a scheduler had changed."""
    got, _ = _resume(sub, task, optimizer, 2, 0)
    for i, (saved, restored) in enumerate(zip(got["saved_groups"], got["restored_groups"])):
        for key, value in saved.items():
            if restored.get(key) != value:
                raise CheckFailed(
                    f"after load_checkpoint, group {i}'s {key} is {restored.get(key)!r}, the "
                    f"saved one is {value!r}."
                )


@check(
    needs=(
        "load_restores_the_model_it_is_given",
        "load_restores_the_optimizer_state",
        "load_restores_the_groups_hyperparameters",
    ),
    tests="load_checkpoint",
    examples=FEW,
    task=st.regressions(hidden=(0, 3), norm=(False, True)),
    k=STEPS,
    m=STEPS,
    hint=(
        "Save and restore both state_dicts: the model's (with its buffers) and the optimizer's "
        "(its momentum buffers and its groups' lr)."
    ),
)
def resuming_sgd_with_momentum_equals_uninterrupted_training(sub, task, k, m):
    """With SGD and momentum, training k steps, saving, loading into fresh objects and training m
    more gives exactly the weights of k + m steps."""
    got, batches = _resume(sub, task, "sgd", k, m)
    _expect_equal(
        got["final"],
        _uninterrupted(task, batches, "sgd", k, m),
        f"after {k} steps, resume, {m} steps",
    )


@check(
    needs=(
        "load_restores_the_model_it_is_given",
        "load_restores_the_optimizer_state",
        "load_restores_the_groups_hyperparameters",
    ),
    tests="load_checkpoint",
    examples=FEW,
    task=st.regressions(hidden=(0, 3)),
    k=STEPS,
    m=STEPS,
    hint=(
        "Adam's state (exp_avg, exp_avg_sq, step) lives in optimizer.state_dict(); save and load "
        "it."
    ),
)
def resuming_adam_equals_uninterrupted_training(sub, task, k, m):
    """With Adam, training k steps, saving, loading into fresh objects and training m more gives
    exactly the weights of k + m steps."""
    got, batches = _resume(sub, task, "adam", k, m)
    _expect_equal(
        got["final"],
        _uninterrupted(task, batches, "adam", k, m),
        f"after {k} steps, resume, {m} steps",
    )
