"""Grader for a3_training/sgd.py: an SGD optimizer written from scratch that must update every
parameter exactly as torch.optim.SGD does, read its hyperparameters from its groups at every
step, and keep its state where torch keeps it."""

import contextlib

import torch
import torch.optim.sgd as torch_sgd_module
from hypothesis import strategies as hst

from graders import devices
from graders import problems as pb
from graders import references as ref
from graders import strategies as st
from graders.compare import TRAJECTORY_RTOL, expect_close
from graders.feedback import CheckFailed, kind, number
from graders.probe import call, calls_forbidden, meta_leaves, on_meta, raised, source_names
from graders.scoring import check

# Calls that would hand the work to torch's own SGD; they raise while any of the student's
# code runs, in every check (the update is the task).
TORCH_SGD = [
    (torch.optim.SGD, "__init__"),
    (torch.optim.SGD, "step"),
    (torch_sgd_module, "sgd"),
    (
        torch.optim._functional,
        "sgd",
    ),  # the same function, under the name torch.optim._functional exports
    *(
        (torch_sgd_module, name)
        for name in ("_single_tensor_sgd", "_multi_tensor_sgd", "_fused_sgd")
        if hasattr(torch_sgd_module, name)
    ),
    *((torch, name) for name in ("_fused_sgd_",) if hasattr(torch, name)),
]
# Names whose use in the student's module hands the update to torch: a reference saved at import
# time (`from torch.optim.sgd import _single_tensor_sgd`) escapes the guard above, not this.
TORCH_SGD_NAMES = {
    "SGD",
    "sgd",
    "_functional",
    "_single_tensor_sgd",
    "_multi_tensor_sgd",
    "_fused_sgd",
    "_fused_sgd_",
}
NOT_TORCH_SGD = "your SGD used torch.optim.SGD or torch's functional SGD; write the update yourself"


def by_hand():
    return calls_forbidden(NOT_TORCH_SGD, TORCH_SGD)


# --- probes --------------------------------------------------------------------------------


def _stepped(mod, values, layout, group_lrs, hyper, grads_per_step, changes=(), scheduler=None):
    """The student's SGD after stepping through the given gradients, with `changes` set in its
    groups before their steps and a torch StepLR driving it when `scheduler` is "step"."""
    params = [v.requires_grad_() for v in values]
    opt = call(
        mod.SGD, ref.param_groups(params, layout, group_lrs), **hyper, takes=(0,)
    )  # torch fills in the groups
    schedule = (
        call(
            torch.optim.lr_scheduler.StepLR,
            opt,
            1,
            0.5,
            changes=(0,),
            what="torch.optim.lr_scheduler.StepLR(your SGD, 1, 0.5)",
        )
        if scheduler == "step"
        else None
    )
    grads_after = []
    for step, grads in enumerate(grads_per_step):
        ref.apply_changes(opt, changes, step)
        for p, g in zip(params, grads):
            if g is None or p.grad is None:
                p.grad = g
            else:
                p.grad.copy_(
                    g
                )  # as backward() after zero_grad(set_to_none=False): same tensor, new values
        call(opt.step, what="SGD.step")
        grads_after.append([None if p.grad is None else p.grad.detach().clone() for p in params])
        if schedule is not None:
            call(schedule.step, what="scheduler.step (which sets lr in your SGD's groups)")
    return params, opt, grads_after


def run_sgd(mod, *case):
    with by_hand():
        params, _, grads_after = _stepped(mod, *case)
    return {
        "params": params,
        "leaves": [p.is_leaf and p.requires_grad for p in params],
        "grads_after": grads_after,
    }


def run_state_dict(mod, *case):
    with by_hand():
        params, opt, _ = _stepped(mod, *case)
        state = call(opt.state_dict, what="SGD.state_dict")["state"]
        call(opt.zero_grad, what="SGD.zero_grad")
    return {
        "buffers": [
            state.get(i, {}).get("momentum_buffer") if isinstance(state, dict) else None
            for i in range(len(params))
        ],
        "grads_after_zero_grad": [p.grad for p in params],
    }


def run_interchange(mod, values, layout, group_lrs, hyper, grads_per_step, split):
    """Steps before `split` with the student's SGD, its state_dict loaded into torch.optim.SGD,
    the rest with torch's; and the other way round. The final values of both runs."""
    ends = {}
    for first in ("student", "torch"):
        params = [v.detach().clone().requires_grad_() for v in values]
        groups = ref.param_groups(params, layout, group_lrs)
        with by_hand():
            student = call(mod.SGD, groups, **hyper, takes=(0,))
        reference = torch.optim.SGD(ref.param_groups(params, layout, group_lrs), **hyper)
        one, other = (student, reference) if first == "student" else (reference, student)
        for step, grads in enumerate(grads_per_step):
            current = one if step < split else other
            if step == split:
                with by_hand():
                    call(
                        other.load_state_dict,
                        call(one.state_dict, what="state_dict"),
                        what="load_state_dict",
                    )
            for p, g in zip(params, grads):
                p.grad = None if g is None else g.clone()
            with by_hand() if current is student else contextlib.nullcontext():
                call(current.step, what="SGD.step")
        ends[first] = [p.detach() for p in params]
    return ends


def run_closure(mod, x, w, lr):
    w.requires_grad_()
    calls = []
    with by_hand():
        opt = call(mod.SGD, [w], lr=lr)

        def closure():
            call(opt.zero_grad, what="SGD.zero_grad")
            loss = ((x @ w) ** 2).sum()
            loss.backward()
            calls.append(loss.item())
            return loss

        returned = call(opt.step, closure, what="SGD.step")
        without = call(opt.step, what="SGD.step")
    return {"returned": returned, "without": without, "calls": calls, "w": w}


def run_arguments(mod, hyper):
    with by_hand():
        got = raised("ValueError", mod.SGD, [torch.zeros(1, requires_grad=True)], **hyper)
    return "ok" if got == "returned" else got


def run_defaults(mod):
    with by_hand():
        opt = call(mod.SGD, [torch.zeros(1, requires_grad=True)])
    return {k: opt.param_groups[0].get(k) for k in ref.SGD_DEFAULTS}


def run_on_meta(mod, values, layout, group_lrs, hyper, grads):
    """Two steps on meta parameters; the parameters and the optimizer's state come back (a
    buffer made on the CPU would stay there)."""
    params = meta_leaves(values, grads)
    with by_hand():
        opt = call(mod.SGD, ref.param_groups(params, layout, group_lrs), **hyper, takes=(0,))

        def two_steps():
            opt.step()
            opt.step()
            return params, [
                t
                for state in opt.state.values()
                for t in state.values()
                if isinstance(t, torch.Tensor)
            ]

        return {"SGD.step": on_meta(two_steps)}


def run_source_names(mod):
    """The names the student's module uses (for the rule that the update is written by hand)."""
    return sorted(source_names(mod))


# --- judges --------------------------------------------------------------------------------


def _expect_trajectory(sub, case, scheduler=None):
    values, grads = case.tensors(sub.device)
    hyper = dict(case.hyper)
    got = sub.run(
        run_sgd, values, case.layout, case.group_lrs, hyper, grads, case.changes, scheduler
    )
    expected, _ = ref.sgd_trajectory(
        values, case.layout, case.group_lrs, hyper, grads, case.changes, scheduler
    )
    for i, (g, e) in enumerate(zip(got["params"], expected)):
        expect_close(
            g,
            e,
            f"parameter {i} after {case.steps} step{'s' * (case.steps != 1)}",
            rtol=TRAJECTORY_RTOL,
        )
    return got


# --- checks --------------------------------------------------------------------------------


@check(
    points=2,
    tests="SGD.step",
    case=st.sgd_cases(momentum=False, decay=False, steps=(1, 1)),
    hint="p.add_(p.grad, alpha=-lr) for each parameter with a gradient, inside step().",
)
def plain_step_matches_torch(sub, case):
    """Without momentum or weight decay, one step() sets every parameter to p - lr * p.grad, as
    torch.optim.SGD does."""
    _expect_trajectory(sub, case)


NESTEROV = [
    {
        "case": pb.SGDCase(
            ((3,), (2, 2)),
            (2,),
            (None,),
            (
                ("lr", 0.1),
                ("momentum", 0.9),
                ("dampening", 0.0),
                ("weight_decay", 0.0),
                ("nesterov", True),
            ),
            steps=3,
        )
    }
]


@check(
    needs=("plain_step_matches_torch",),
    points=3,
    tests="SGD.step",
    case=st.sgd_cases(steps=(1, 4)),
    corners=NESTEROV,
    hint=(
        "Weight decay first (g = g + wd * p); the momentum buffer starts as a copy of that g, "
        "then b = momentum * b + (1 - dampening) * g; nesterov uses g + momentum * b."
    ),
)
def several_steps_match_torch(sub, case):
    """For drawn lr, momentum, dampening, weight decay and nesterov, every parameter after several
    steps equals torch.optim.SGD's."""
    _expect_trajectory(sub, case)


@check(
    needs=("plain_step_matches_torch", "several_steps_match_torch"),
    points=2,
    tests="SGD.step",
    case=st.sgd_cases(groups=(2, 3)),
    hint=(
        "Loop over self.param_groups and read lr, momentum, ... from each group, not from the "
        "defaults."
    ),
)
def each_group_uses_its_own_hyperparameters(sub, case):
    """With several parameter groups, each with its own lr, every parameter follows
    torch.optim.SGD's trajectory."""
    _expect_trajectory(sub, case)


@check(
    needs=("plain_step_matches_torch", "several_steps_match_torch"),
    points=2,
    tests="SGD.step",
    case=st.sgd_cases(groups=(1, 3), steps=(2, 4), with_changes=True),
    hint=(
        "Read group['lr'], group['momentum'], ... inside step(), at every call: never copy them "
        "into attributes in __init__."
    ),
)
def hyperparameters_are_read_at_every_step(sub, case):
    """When code sets a group's lr, momentum, dampening or weight_decay between two steps, the next
    step uses the new value, as torch.optim.SGD does."""
    _expect_trajectory(sub, case)


@check(
    needs=("plain_step_matches_torch", "several_steps_match_torch"),
    points=1,
    tests="SGD.step",
    case=st.sgd_cases(groups=(1, 2), steps=(2, 4)),
    hint=(
        "A scheduler sets group['lr'] in optimizer.param_groups; step() must read it from there "
        "every time."
    ),
)
def a_torch_scheduler_drives_it(sub, case):
    """torch.optim.lr_scheduler.StepLR drives this SGD as it drives torch.optim.SGD: every parameter
    follows the same trajectory."""
    _expect_trajectory(sub, case, scheduler="step")


@check(
    needs=("plain_step_matches_torch", "several_steps_match_torch"),
    points=1,
    tests="SGD.step",
    case=st.sgd_cases(groups=(1, 3), with_missing=True),
    hint="`if p.grad is None: continue`: such a parameter keeps its value and its momentum buffer.",
)
def parameters_without_gradient_are_skipped(sub, case):
    """A parameter whose .grad is None at a step is left alone at that step (value and momentum), as
    torch.optim.SGD does."""
    _expect_trajectory(sub, case)


@check(
    needs=("plain_step_matches_torch", "several_steps_match_torch"),
    points=1,
    tests="SGD.step",
    case=st.sgd_cases(groups=(1, 2), with_zeros=True),
    hint=(
        "Skip only p.grad is None: a gradient of zeros is still a gradient, so weight decay and "
        "momentum still apply to it."
    ),
)
def a_zero_gradient_is_still_a_gradient(sub, case):
    """A parameter whose gradient is all zeros still gets its weight decay and momentum, as
    torch.optim.SGD does."""
    _expect_trajectory(sub, case)


@check(
    points=1,
    tests="SGD.step",
    case=st.sgd_cases(groups=(1, 2)),
    hint=(
        "Compute g = p.grad + wd * p as a new tensor (p.grad.add(p, alpha=wd)); p.grad.add_(...) "
        "would change the caller's gradient."
    ),
)
def weight_decay_leaves_the_gradient_unchanged(sub, case):
    """After step(), every parameter's .grad holds the gradient it had before: weight decay and
    momentum do not write into p.grad."""
    values, grads = case.tensors(sub.device)
    got = sub.run(run_sgd, values, case.layout, case.group_lrs, dict(case.hyper), grads, (), None)
    for step, (given, after) in enumerate(zip(grads, got["grads_after"])):
        for i, (g, a) in enumerate(zip(given, after)):
            if g is not None:
                expect_close(a, g, f"parameter {i}'s .grad after step {step}")


@check(
    needs=("plain_step_matches_torch", "several_steps_match_torch"),
    points=1,
    tests="SGD.step",
    case=st.sgd_cases(groups=(1, 3)),
    hint="Update under torch.no_grad() (decorate step with @torch.no_grad()) and in place.",
)
def parameters_stay_leaves(sub, case):
    """After step(), every parameter is still a leaf that requires grad."""
    got = _expect_trajectory(sub, case)
    if not all(got["leaves"]):
        raise CheckFailed("a parameter is no longer a leaf that requires grad after step().")


@check(
    needs=("plain_step_matches_torch", "several_steps_match_torch"),
    points=1,
    tests="SGD.step",
    case=st.sgd_cases(groups=(2, 3), steps=(1, 3)),
    hint=(
        "Keep the buffer in self.state[p]['momentum_buffer'] (keyed by the parameter itself), so "
        "state_dict() can save it."
    ),
)
def state_dict_holds_each_momentum_buffer(sub, case):
    """state_dict() holds, for each parameter, the momentum buffer torch.optim.SGD has, and
    zero_grad() clears every gradient."""
    values, grads = case.tensors(sub.device)
    hyper = dict(case.hyper)
    got = sub.run(run_state_dict, values, case.layout, case.group_lrs, hyper, grads, (), None)
    _, expected = ref.sgd_trajectory(values, case.layout, case.group_lrs, hyper, grads)
    for i, (g, e) in enumerate(zip(got["buffers"], expected)):
        if e is None and g is not None and hyper["momentum"] == 0:
            continue  # a zero-momentum buffer is harmless
        if e is None and g is None:
            continue
        if g is None:
            raise CheckFailed(f"state_dict()['state'] has no momentum_buffer for parameter {i}.")
        expect_close(g, e, f"the momentum buffer of parameter {i}", rtol=TRAJECTORY_RTOL)
    for i, g in enumerate(got["grads_after_zero_grad"]):
        if g is not None and (not isinstance(g, torch.Tensor) or g.any()):
            raise CheckFailed(f"after zero_grad(), parameter {i} still has a gradient.")


@check(
    needs=("plain_step_matches_torch", "several_steps_match_torch"),
    points=1,
    tests="SGD.step",
    case=st.sgd_cases(groups=(1, 2), steps=(2, 4)),
    split=hst.integers(1, 3),
    hint=(
        "Keep each buffer as self.state[p]['momentum_buffer'], exactly torch's key: then "
        "state_dict() and load_state_dict() interchange with torch.optim.SGD's."
    ),
)
def state_dicts_interchange_with_torch(sub, case, split):
    """A state_dict() of this SGD loads into torch.optim.SGD, and torch's into this SGD, and
    training goes on as if one optimizer had done every step."""
    values, grads = case.tensors(sub.device)
    hyper = dict(case.hyper)
    split = min(split, case.steps - 1)
    got = sub.run(run_interchange, values, case.layout, case.group_lrs, hyper, grads, split)
    expected, _ = ref.sgd_trajectory(values, case.layout, case.group_lrs, hyper, grads)
    for who, end in got.items():
        for i, (g, e) in enumerate(zip(end, expected)):
            first = "yours, then torch's" if who == "student" else "torch's, then yours"
            expect_close(
                g,
                e,
                (
                    f"parameter {i} after {split} step{'s' * (split != 1)} with one optimizer and "
                    f"the rest with the other ({first})"
                ),
                rtol=TRAJECTORY_RTOL,
            )


@check(
    points=1,
    tests="SGD.step",
    p=st.two_layer(("normal",)),
    hint=(
        "if closure is not None: with torch.enable_grad(): loss = closure(); ... return loss "
        "(None without a closure)."
    ),
)
def step_returns_the_closure_loss(sub, p):
    """step(closure) calls the closure once, before updating, and returns the loss it returned;
    step() without a closure returns None."""
    x, _, w, _ = p.tensors(sub.device)
    got = sub.run(run_closure, x, w, 0.01)
    if len(got["calls"]) != 1:
        raise CheckFailed(
            f"step(closure) called the closure {len(got['calls'])} times, expected once."
        )
    returned = got["returned"]
    if (
        not isinstance(returned, torch.Tensor)
        or returned.numel() != 1
        or returned.item() != got["calls"][0]
    ):
        raise CheckFailed(
            f"step(closure) returned {kind(returned)}, expected the closure's loss "
            f"{number(got['calls'][0])}."
        )
    if got["without"] is not None:
        raise CheckFailed(
            f"step() without a closure returned {kind(got['without'])}, expected None."
        )
    reference = w.detach().clone().requires_grad_()
    opt = torch.optim.SGD([reference], lr=0.01)
    ((x @ reference) ** 2).sum().backward()
    opt.step()
    opt.step()
    expect_close(got["w"], reference.detach(), "the weight after step(closure) and step()")


INVALID = hst.fixed_dictionaries(
    {
        "lr": hst.sampled_from([-0.1, 0.0, 0.1]),
        "momentum": hst.sampled_from([-0.5, 0.0, 0.9]),
        "dampening": hst.sampled_from([-0.1, 0.0, 0.5]),
        "weight_decay": hst.sampled_from([-1e-2, 0.0, 1e-2]),
        "nesterov": hst.booleans(),
    }
)


_VALID = {"lr": 0.1, "momentum": 0.0, "dampening": 0.0, "weight_decay": 0.0, "nesterov": False}
# One corner per rule of torch.optim.SGD's argument checks, each rule alone, so that none of
# them depends on what the random draws happen to combine.
EACH_RULE = [
    {"hyper": _VALID | change}
    for change in (
        {"lr": 0.0},  # allowed
        {"lr": -0.1},
        {"momentum": -0.5},
        {"weight_decay": -1e-2},
        {"dampening": -0.1, "momentum": 0.9},  # allowed: torch does not check dampening
        {"nesterov": True},  # nesterov without momentum
        {"nesterov": True, "momentum": 0.9, "dampening": 0.5},  # nesterov with dampening
        {"nesterov": True, "momentum": 0.9},  # allowed
    )
]


@check(
    points=1,
    tests="SGD",
    hyper=INVALID,
    corners=EACH_RULE,
    hint=(
        "ValueError for lr < 0, momentum < 0, weight_decay < 0, and nesterov with momentum <= 0 "
        "or dampening != 0; nothing else."
    ),
)
def invalid_arguments_raise_value_error_like_torch(sub, hyper):
    """SGD(params, **arguments) raises ValueError exactly for the arguments torch.optim.SGD
    refuses."""
    expected, got = ref.sgd_raises(hyper), sub.run(run_arguments, hyper)
    if got != expected:
        shown = ", ".join(f"{k}={v}" for k, v in hyper.items())
        says = {"ok": "accepted them", "ValueError": "raised ValueError"}
        raise CheckFailed(
            f"SGD({shown}) {says.get(got, 'raised ' + got)}; torch.optim.SGD {says[expected]}."
        )


@check(
    points=1,
    tests="SGD",
    hint=(
        "def __init__(self, params, lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0, "
        "nesterov=False), and pass them all in the defaults dict."
    ),
)
def defaults_are_torchs(sub):
    """SGD(params) without arguments has torch.optim.SGD's defaults in its group: lr 0.001,
    momentum 0, dampening 0, weight_decay 0, nesterov False."""
    got, expected = sub.run(run_defaults), ref.sgd_defaults()
    for name, value in expected.items():
        if got.get(name) != value:
            raise CheckFailed(
                f"SGD(params).param_groups[0][{name!r}] is {got.get(name)!r}, "
                f"torch.optim.SGD's default is {value!r}."
            )


@check(
    needs=("plain_step_matches_torch", "several_steps_match_torch"),
    points=1,
    tests="SGD.step",
    case=st.sgd_cases(steps=(1, 2)),
    hint=(
        "Write the update with tensor operations (p.add_, buffer.mul_); do not create or subclass "
        "torch.optim.SGD."
    ),
)
def does_not_hand_the_work_to_torch_sgd(sub, case):
    """step() computes the update itself: the module names none of torch's SGD functions,
    torch.optim.SGD and torch's functional SGD raise while it runs, and it still matches torch."""
    used = sorted(set(sub.run(run_source_names)) & TORCH_SGD_NAMES)
    if used:
        raise CheckFailed(
            f"your sgd.py uses {', '.join(used)}: torch's own SGD. Write the update yourself."
        )
    _expect_trajectory(sub, case)


@check(
    points=1,
    tests="SGD.step",
    case=st.sgd_cases(groups=(1, 2), steps=(1, 1)),
    examples=3,
    hint=devices.HINT,
)
def works_on_any_device(sub, case):
    """step() updates parameters on another device where they are: nothing goes through the CPU and
    no tensor is made without device=."""
    values, grads = case.tensors(sub.device)
    devices.expect_on_meta(
        sub.run(run_on_meta, values, case.layout, case.group_lrs, dict(case.hyper), grads[0])
    )
