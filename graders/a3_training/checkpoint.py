"""Grader for a3_training/checkpoint.py: saving and resuming must give exactly the training
that was never interrupted, for SGD with momentum and for Adam."""

import os
import tempfile

import torch
from hypothesis import strategies as hst

from graders import references as ref
from graders import strategies as st
from graders.feedback import CheckFailed, kind
from graders.scoring import check

# --- probes --------------------------------------------------------------------------------


def run_resume(mod, task, batches, optimizer, k, m, epoch):
    """Train k steps, save, load into fresh objects (another initialisation), train m more."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "checkpoint.pt")
        device = batches[0][0].device
        model = task.model(device=device)
        opt = ref.make_optimizer(optimizer, model.parameters(), task.lr)
        ref.train_steps(model, opt, batches, k)
        mod.save_checkpoint(path, model, opt, epoch)
        try:
            saved = torch.load(path, weights_only=True)
            loads = "ok" if isinstance(saved, dict) else f"it holds {type(saved).__name__}, not a dict"
        except Exception as error:  # noqa: BLE001 - reported to the judge as text
            loads = f"{type(error).__name__}: {str(error).strip().splitlines()[0][:160]}"
        fresh = task.model(seed_offset=1, device=device)
        fresh_opt = ref.make_optimizer(optimizer, fresh.parameters(), task.lr)
        returned_epoch = mod.load_checkpoint(path, fresh, fresh_opt)
        restored = [p.detach().clone() for p in fresh.parameters()]
        restored_state = fresh_opt.state_dict()["state"]
        ref.train_steps(fresh, fresh_opt, batches, m, start=k)
    return {
        "loads": loads,
        "epoch": returned_epoch,
        "saved_params": list(model.parameters()),
        "saved_state": opt.state_dict()["state"],
        "restored": restored,
        "restored_state": restored_state,
        "final": list(fresh.parameters()),
    }


# --- judges --------------------------------------------------------------------------------

OPTIMIZERS = hst.sampled_from(["sgd", "adam"])
# Saving and resuming is exact or it is not; a handful of drawn problems (model sizes, both
# optimizers, step counts) is enough, and each example trains, saves and loads twice.
FEW = 5
STEPS = hst.integers(1, 3)


def _resume(sub, task, optimizer, k, m, epoch=3):
    batches = task.data(sub.device)
    return sub.run(run_resume, task, batches, optimizer, k, m, epoch), batches


def _uninterrupted(task, batches, optimizer, steps):
    model = task.model(device=batches[0][0].device)
    opt = ref.make_optimizer(optimizer, model.parameters(), task.lr)
    ref.train_steps(model, opt, batches, steps)
    return [p.detach() for p in model.parameters()]


def _expect_equal(got, expected, what):
    for i, (g, e) in enumerate(zip(got, expected)):
        if not isinstance(g, torch.Tensor) or g.shape != e.shape or not torch.equal(g, e):
            raise CheckFailed(f"{what}: parameter {i} differs (a resumed run must be exactly the same, not just close).")


# --- checks --------------------------------------------------------------------------------


@check(points=1, examples=FEW, task=st.regressions(), optimizer=OPTIMIZERS, hint="torch.save({'model': model.state_dict(), 'optimizer': optimizer.state_dict(), 'epoch': epoch}, path): state_dicts, never whole objects.")
def file_loads_with_weights_only(sub, task, optimizer):
    """The checkpoint file opens with torch.load(path, weights_only=True) and holds a dict."""
    got, _ = _resume(sub, task, optimizer, 1, 1)
    if got["loads"] != "ok":
        raise CheckFailed(f"torch.load(path, weights_only=True) failed on the checkpoint: {got['loads']}.")


@check(points=1, examples=FEW, task=st.regressions(), epoch=hst.integers(0, 500), hint="Save the epoch in the dict and return it from load_checkpoint.")
def epoch_round_trips(sub, task, epoch):
    """load_checkpoint returns the epoch that save_checkpoint was given."""
    got, _ = _resume(sub, task, "sgd", 1, 0, epoch)
    if got["epoch"] != epoch or type(got["epoch"]) is not int:
        raise CheckFailed(f"load_checkpoint returned {got['epoch']!r} ({kind(got['epoch'])}), expected the saved epoch {epoch}.")


@check(points=1, examples=FEW, task=st.regressions(hidden=(0, 3)), optimizer=OPTIMIZERS, hint="model.load_state_dict(checkpoint['model']) on the model passed in; do not build or return a new one.")
def load_restores_the_model_it_is_given(sub, task, optimizer):
    """After load_checkpoint, the model object passed in holds exactly the saved parameters."""
    got, _ = _resume(sub, task, optimizer, 2, 0)
    _expect_equal(got["restored"], got["saved_params"], "after load_checkpoint, the model passed in")


@check(points=1, examples=FEW, task=st.regressions(), optimizer=OPTIMIZERS, hint="optimizer.load_state_dict(checkpoint['optimizer']) on the optimizer passed in: momentum buffers and Adam's moments are state too.")
def load_restores_the_optimizer_state(sub, task, optimizer):
    """After load_checkpoint, the optimizer passed in holds the saved state (momentum buffers, Adam's moments and step counts)."""
    got, _ = _resume(sub, task, optimizer, 2, 0)
    saved, restored = got["saved_state"], got["restored_state"]
    if not isinstance(restored, dict) or sorted(restored) != sorted(saved):
        raise CheckFailed("after load_checkpoint, the optimizer passed in has no saved state (momentum buffers or Adam's moments).")
    for index, state in saved.items():
        for key, value in state.items():
            other = restored[index].get(key) if isinstance(restored[index], dict) else None
            if not isinstance(other, torch.Tensor) or not torch.equal(other, value):
                raise CheckFailed(f"after load_checkpoint, the optimizer's {key!r} for parameter {index} differs from the saved one.")


@check(points=2, examples=FEW, task=st.regressions(hidden=(0, 3)), k=STEPS, m=STEPS, hint="Save and restore both state_dicts: the model's and the optimizer's (its momentum buffers).")
def resuming_sgd_with_momentum_equals_uninterrupted_training(sub, task, k, m):
    """With SGD and momentum, training k steps, saving, loading into fresh objects and training m more gives exactly the weights of k + m steps."""
    got, batches = _resume(sub, task, "sgd", k, m)
    _expect_equal(got["final"], _uninterrupted(task, batches, "sgd", k + m), f"after {k} steps, resume, {m} steps")


@check(points=2, examples=FEW, task=st.regressions(hidden=(0, 3)), k=STEPS, m=STEPS, hint="Adam's state (exp_avg, exp_avg_sq, step) lives in optimizer.state_dict(); save and load it.")
def resuming_adam_equals_uninterrupted_training(sub, task, k, m):
    """With Adam, training k steps, saving, loading into fresh objects and training m more gives exactly the weights of k + m steps."""
    got, batches = _resume(sub, task, "adam", k, m)
    _expect_equal(got["final"], _uninterrupted(task, batches, "adam", k + m), f"after {k} steps, resume, {m} steps")
