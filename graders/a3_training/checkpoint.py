"""Grader for a3_training/checkpoint.py: saving and resuming must give exactly the training
that was never interrupted, for SGD with momentum and for Adam: parameters, buffers (BatchNorm's
running statistics), the optimizer's state and its groups' hyperparameters, whatever the
objects it is loaded into were built with."""

import contextlib
import os
import tempfile

import torch
import torch.serialization
from hypothesis import strategies as hst

from graders import references as ref
from graders import strategies as st
from graders.feedback import CheckFailed, kind
from graders.probe import call
from graders.scoring import check

USES = {"load_checkpoint": ("save_checkpoint",)}

# --- probes --------------------------------------------------------------------------------


def _groups(optimizer):
    """The hyperparameters of each group (without its parameters)."""
    return [{k: v for k, v in g.items() if k != "params"} for g in optimizer.param_groups]


_ABSENT_GPU = {"on": False}


def _absent_gpu_tag(storage):
    """While `saved_on_an_absent_gpu` is on, torch.save labels every storage with a CUDA device
    this machine lacks, as a checkpoint written on a GPU machine is; otherwise it says nothing
    and torch labels storages as usual."""
    if not _ABSENT_GPU["on"]:
        return None
    return f"cuda:{torch.cuda.device_count() if torch.cuda.is_available() else 0}"


torch.serialization.register_package(0, _absent_gpu_tag, lambda storage, location: None)


@contextlib.contextmanager
def saved_on_an_absent_gpu():
    """A file torch.save writes inside loads with torch.load only with a map_location (on any
    machine: the GPU it names is one this machine does not have)."""
    _ABSENT_GPU["on"] = True
    try:
        yield
    finally:
        _ABSENT_GPU["on"] = False


def _trained(task, batches, optimizer, k):
    """A model and its optimizer after k steps of training, a scheduler halving the lr after
    each: what is saved, and the first part of the uninterrupted run."""
    model = task.model(device=batches[0][0].device)
    opt = ref.make_optimizer(optimizer, model.parameters(), task.lr)
    ref.train_steps(model, opt, batches, k, scheduler=torch.optim.lr_scheduler.StepLR(opt, 1, 0.5))
    return model, opt


def run_resume(mod, task, batches, optimizer, k, m, epoch, on_gpu=False):
    """Train k steps (a scheduler halving the lr after each), save, load into fresh objects
    built with other hyperparameters and another initialisation, train m more (no scheduler).
    `on_gpu`: save as on a GPU machine (the storages name a GPU this machine lacks)."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "checkpoint.pt")
        device = batches[0][0].device
        model, opt = _trained(task, batches, optimizer, k)
        with saved_on_an_absent_gpu() if on_gpu else contextlib.nullcontext():
            call(mod.save_checkpoint, path, model, opt, epoch)
        try:
            saved = torch.load(path, weights_only=True, map_location=device)
            loads = (
                "ok" if isinstance(saved, dict) else f"it holds {type(saved).__name__}, not a dict"
            )
        except Exception as error:  # noqa: BLE001 - reported to the judge as text
            loads = f"{type(error).__name__}: {str(error).strip().splitlines()[0][:160]}"
        fresh = task.model(seed_offset=1, device=device)
        fresh_opt = ref.make_optimizer(optimizer, fresh.parameters(), task.lr * 3, other=True)
        returned_epoch = call(mod.load_checkpoint, path, fresh, fresh_opt, changes=(1, 2))
        restored = {name: t.detach().clone() for name, t in fresh.state_dict().items()}
        restored_state = {
            i: {key: v.clone() if isinstance(v, torch.Tensor) else v for key, v in s.items()}
            for i, s in fresh_opt.state_dict()["state"].items()
        }
        restored_groups = _groups(fresh_opt)
        ref.train_steps(fresh, fresh_opt, batches, m, start=k)
    return {
        "loads": loads,
        "epoch": returned_epoch,
        "saved": dict(model.state_dict()),
        "saved_state": opt.state_dict()["state"],
        "saved_groups": _groups(opt),
        "restored": restored,
        "restored_state": restored_state,
        "restored_groups": restored_groups,
        "final": list(fresh.parameters()),
    }


# --- judges --------------------------------------------------------------------------------

OPTIMIZERS = hst.sampled_from(["sgd", "adam"])
# Saving and resuming is exact or it is not; a handful of drawn problems (model sizes, both
# optimizers, step counts) is enough, and each example trains, saves and loads twice.
FEW = 5
STEPS = hst.integers(1, 3)


def _resume(sub, task, optimizer, k, m, epoch=3, on_gpu=False):
    batches = task.data(sub.device)
    return sub.run(run_resume, task, batches, optimizer, k, m, epoch, on_gpu), batches


def _uninterrupted(task, batches, optimizer, k, m):
    model, opt = _trained(task, batches, optimizer, k)
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
    points=1,
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
    points=1,
    tests="load_checkpoint",
    examples=FEW,
    task=st.regressions(),
    epoch=hst.integers(0, 500),
    hint="Save the epoch in the dict and return it from load_checkpoint.",
)
def epoch_round_trips(sub, task, epoch):
    """load_checkpoint returns the epoch that save_checkpoint was given."""
    got, _ = _resume(sub, task, "sgd", 1, 0, epoch)
    if got["epoch"] != epoch or type(got["epoch"]) is not int:
        raise CheckFailed(
            f"load_checkpoint returned {got['epoch']!r} ({kind(got['epoch'])}), expected the "
            f"saved epoch {epoch}."
        )


@check(
    points=1,
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
    points=1,
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
    points=1,
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
    points=1,
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
    points=2,
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
    points=2,
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
