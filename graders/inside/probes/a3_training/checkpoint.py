"""Probes of a3_training/checkpoint: train, save with the student's save_checkpoint, load into
fresh objects with the student's load_checkpoint, train on, and report every state seen."""

import contextlib
import os
import tempfile

import torch
import torch.serialization

from graders.inside.door import ON_META, call, on_meta, probe
from graders.inside.plain import DictOf
from graders.inside.probes.training import make_optimizer, train_steps


def groups(optimizer):
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


def trained(task, batches, optimizer, k):
    """A model and its optimizer after k steps of training, a scheduler halving the lr after
    each: what is saved, and the first part of the uninterrupted run."""
    model = task.model(device=batches[0][0].device)
    opt = make_optimizer(optimizer, model.parameters(), task.lr)
    train_steps(model, opt, batches, k, scheduler=torch.optim.lr_scheduler.StepLR(opt, 1, 0.5))
    return model, opt


@probe(
    returns={
        "loads": str,
        "epoch": object,
        "saved": DictOf(torch.Tensor),
        "saved_state": object,
        "saved_groups": [DictOf(object)],
        "restored": DictOf(torch.Tensor),
        "restored_state": object,
        "restored_groups": [DictOf(object)],
        "final": [torch.Tensor],
    }
)
def run_resume(mod, task, batches, optimizer, k, m, epoch, on_gpu=False):
    """Train k steps (a scheduler halving the lr after each), save, load into fresh objects
    built with other hyperparameters and another initialisation, train m more (no scheduler).
    `on_gpu`: save as on a GPU machine (the storages name a GPU this machine lacks)."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "checkpoint.pt")
        device = batches[0][0].device
        model, opt = trained(task, batches, optimizer, k)
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
        fresh_opt = make_optimizer(optimizer, fresh.parameters(), task.lr * 3, other=True)
        returned_epoch = call(mod.load_checkpoint, path, fresh, fresh_opt, changes=(1, 2))
        restored = {name: t.detach().clone() for name, t in fresh.state_dict().items()}
        restored_state = {
            i: {key: v.clone() if isinstance(v, torch.Tensor) else v for key, v in s.items()}
            for i, s in fresh_opt.state_dict()["state"].items()
        }
        restored_groups = groups(fresh_opt)
        train_steps(fresh, fresh_opt, batches, m, start=k)
    return {
        "loads": loads,
        "epoch": returned_epoch,
        "saved": dict(model.state_dict()),
        "saved_state": opt.state_dict()["state"],
        "saved_groups": groups(opt),
        "restored": restored,
        "restored_state": restored_state,
        "restored_groups": restored_groups,
        "final": list(fresh.parameters()),
    }


def _tensors(model, opt) -> dict:
    """Every tensor the caller holds through the model and the optimizer, by name."""
    found = {f"model's {k}": v for k, v in model.state_dict().items()}
    found.update({f"{k}.grad": p.grad for k, p in model.named_parameters() if p.grad is not None})
    for i, state in opt.state_dict()["state"].items():
        found.update({f"optimizer's {k} of parameter {i}": v for k, v in state.items()})
    return {k: v for k, v in found.items() if isinstance(v, torch.Tensor)}


def _held(model, opt, values: bool) -> dict:
    """What save_checkpoint must leave alone: each tensor's device and dtype (and values), each
    module's mode, the optimizer's groups."""
    tensors = _tensors(model, opt)
    return {
        "where": {k: f"{v.device.type} {v.dtype}" for k, v in tensors.items()},
        "values": {k: v.detach().clone() for k, v in tensors.items()} if values else {},
        "training": [bool(m.training) for m in model.modules()],
        "groups": groups(opt),
    }


HELD = {"where": DictOf(str), "values": DictOf(torch.Tensor), "training": [bool], "groups": object}


@probe(returns={"before": HELD, "after": HELD, "meta": ON_META})
def run_save_leaves_alone(mod, task, batches, optimizer, training):
    """save_checkpoint on a trained model (in training mode or not, with gradients) and its
    optimizer: what they held before and after; then once more with the model on the meta
    device, watched for what leaves it."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "checkpoint.pt")
        model, opt = trained(task, batches, optimizer, 2)
        model.train(training)
        x, y = batches[0]
        torch.nn.functional.mse_loss(model(x), y).backward()  # gradients the caller still holds
        before = _held(model, opt, True)
        call(mod.save_checkpoint, path, model, opt, 1)
        after = _held(model, opt, True)
        meta_model, meta_opt = trained(task, batches, optimizer, 1)
        meta_model.to("meta")  # the optimizer keeps the same Parameter objects, now on meta
        answer = on_meta(mod.save_checkpoint, path, meta_model, meta_opt, 1)
        if "ok" in answer:
            moved = _held(meta_model, meta_opt, False)["where"]
            off = sorted(k for k, v in moved.items() if k.startswith("model") and "meta" not in v)
            if off:
                answer = {"left": f"a move of the model ({off[0]} is now on {moved[off[0]]})"}
    return {"before": before, "after": after, "meta": answer}
