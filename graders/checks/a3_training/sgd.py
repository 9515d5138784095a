"""Grader for a3_training/sgd.py: an SGD optimizer written from scratch that must update every
parameter exactly as torch.optim.SGD does, read its hyperparameters from its groups at every
step, and keep its state where torch keeps it."""

import torch
from hypothesis import strategies as hst

from graders import problems as pb
from graders.checks import devices
from graders.checks import references as ref
from graders.checks import strategies as st
from graders.checks.compare import TRAJECTORY_RTOL, expect_close, expect_items, expect_tensor_like
from graders.checks.scoring import check
from graders.errors import CheckFailed
from graders.feedback import kind, number
from graders.inside.probes.a3_training import sgd as probes

# Names whose use in the student's module hands the update to torch. The worker refuses torch's
# SGD in every form for its whole life (graders.inside.probes.a3_training.sgd.RULES); this names the
# same thing in the source, for the instructor and for a student who reads the failure.
TORCH_SGD_NAMES = {
    "SGD",
    "sgd",
    "_functional",
    "_single_tensor_sgd",
    "_multi_tensor_sgd",
    "_fused_sgd",
    "_fused_sgd_",
}


# --- judges --------------------------------------------------------------------------------


def _expect_trajectory(sub, case, scheduler=None):
    values, grads = case.tensors(sub.device)
    hyper = dict(case.hyper)
    got = sub.run(
        probes.run_sgd, values, case.layout, case.group_lrs, hyper, grads, case.changes, scheduler
    )
    expected, _ = ref.sgd_trajectory(
        values, case.layout, case.group_lrs, hyper, grads, case.changes, scheduler
    )
    params = expect_items(got["params"], len(expected), "the parameters after the steps")
    for i, (g, e) in enumerate(zip(params, expected)):
        expect_close(
            g,
            e,
            f"parameter {i} after {case.steps} step{'s' * (case.steps != 1)}",
            rtol=TRAJECTORY_RTOL,
        )
    return got


# --- checks --------------------------------------------------------------------------------


@check(
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
    got = sub.run(
        probes.run_sgd, values, case.layout, case.group_lrs, dict(case.hyper), grads, (), None
    )
    for step, (given, after) in enumerate(zip(grads, got["grads_after"])):
        for i, (g, a) in enumerate(zip(given, after)):
            if g is not None:
                expect_close(a, g, f"parameter {i}'s .grad after step {step}")


@check(
    needs=("plain_step_matches_torch", "several_steps_match_torch"),
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
    needs=("plain_step_matches_torch",),
    tests="SGD.step",
    case=st.sgd_cases(groups=(1, 2), steps=(1, 3)),
    hint=(
        "Update each parameter in its own storage under torch.no_grad(): p.add_(d_p, alpha=-lr) "
        "or p -= lr * d_p. `p.data = p.data - ...` makes a new tensor: a view of p, or a model "
        "sharing it, keeps the old values."
    ),
)
def updates_keep_the_same_storage(sub, case):
    """step() updates each parameter in place, in its own storage: a view of the parameter taken
    before the step sees the new values."""
    got = _expect_trajectory(sub, case)
    for i, (alias, p) in enumerate(zip(got["aliases"], got["params"])):
        if not (isinstance(alias, torch.Tensor) and torch.equal(alias, p)):
            raise CheckFailed(
                f"a view of parameter {i} taken before step() still holds the old values: the "
                "update went to a new tensor, not into the parameter's storage."
            )


@check(
    needs=("plain_step_matches_torch", "several_steps_match_torch"),
    tests="SGD.step",
    case=st.sgd_cases(groups=(1, 2), steps=(2, 4), warm_up=True),
    hint=(
        "An lr of 0 is a step like any other: weight decay and the momentum buffer still update "
        "(only the parameter stays put), so that a warm-up from 0 goes on as torch's does."
    ),
)
def lr_zero_is_a_step_like_any_other(sub, case):
    """With momentum, a first step at lr 0 (a warm-up) still fills the momentum buffer: the
    steps after it, at the group's own lr, follow torch.optim.SGD's trajectory."""
    _expect_trajectory(sub, case)


@check(
    needs=("plain_step_matches_torch", "several_steps_match_torch"),
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
    got = sub.run(
        probes.run_state_dict, values, case.layout, case.group_lrs, hyper, grads, (), None
    )
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
    tests="SGD.zero_grad",
    case=st.sgd_cases(groups=(1, 2), steps=(1, 2)),
    hint=(
        "Do not override zero_grad (torch.optim.Optimizer's sets every .grad to None), or make "
        "yours do the same: p.grad = None."
    ),
)
def zero_grad_sets_gradients_to_none(sub, case):
    """After step(), zero_grad() sets every parameter's .grad to None, as torch.optim.SGD's does
    (set_to_none=True by default)."""
    values, grads = case.tensors(sub.device)
    got = sub.run(
        probes.run_state_dict,
        values,
        case.layout,
        case.group_lrs,
        dict(case.hyper),
        grads,
        (),
        None,
    )
    for i, g in enumerate(got["grads_after_zero_grad"]):
        if g is not None:
            raise CheckFailed(
                f"after zero_grad(), parameter {i}'s .grad is a tensor, not None (torch's "
                "zero_grad sets it to None)."
            )


@check(
    needs=("plain_step_matches_torch", "several_steps_match_torch"),
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
    expected, _ = ref.sgd_trajectory(values, case.layout, case.group_lrs, hyper, grads)
    # Yours first: its state_dict() goes on in torch.optim.SGD, here in the grader.
    got = sub.run(
        probes.run_state_dict_after, values, case.layout, case.group_lrs, hyper, grads[:split]
    )
    params = expect_items(got["params"], len(values), "the parameters after your steps")
    for p, v in zip(params, values):
        expect_tensor_like(p, v, "a parameter after your steps")
    try:
        yours_then_torch = ref.sgd_resumed(
            params, case.layout, case.group_lrs, hyper, got["state_dict"], grads[split:]
        )
    except Exception as error:  # noqa: BLE001 - the state_dict is the submission's
        raise CheckFailed(
            "torch.optim.SGD could not go on from your SGD's state_dict(): "
            f"{type(error).__name__}: {str(error)[:200]}"
        ) from None
    # torch's first: its state_dict() goes on in your SGD.
    params, state = ref.sgd_state_after(values, case.layout, case.group_lrs, hyper, grads[:split])
    torch_then_yours = sub.run(
        probes.run_resumed, params, case.layout, case.group_lrs, hyper, state, grads[split:]
    )
    torch_then_yours = expect_items(torch_then_yours, len(values), "the parameters at the end")
    for first, end in (
        ("yours, then torch's", yours_then_torch),
        ("torch's, then yours", torch_then_yours),
    ):
        for i, (g, e) in enumerate(zip(end, expected)):
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
    got = sub.run(probes.run_closure, x, w, 0.01)
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
    expected, got = ref.sgd_raises(hyper), sub.run(probes.run_arguments, hyper)
    if got != expected:
        shown = ", ".join(f"{k}={v}" for k, v in hyper.items())
        says = {"ok": "accepted them", "ValueError": "raised ValueError"}
        raise CheckFailed(
            f"SGD({shown}) {says.get(got, 'raised ' + got)}; torch.optim.SGD {says[expected]}."
        )


@check(
    tests="SGD",
    hint=(
        "def __init__(self, params, lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0, "
        "nesterov=False), and pass them all in the defaults dict."
    ),
)
def defaults_are_torchs(sub):
    """SGD(params) without arguments has torch.optim.SGD's defaults in its group: lr 0.001,
    momentum 0, dampening 0, weight_decay 0, nesterov False."""
    got, expected = sub.run(probes.run_defaults), ref.sgd_defaults()
    for name, value in expected.items():
        if got.get(name) != value:
            raise CheckFailed(
                f"SGD(params).param_groups[0][{name!r}] is {got.get(name)!r}, "
                f"torch.optim.SGD's default is {value!r}."
            )


@check(
    needs=("plain_step_matches_torch", "several_steps_match_torch"),
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
    used = sorted(set(sub.run(probes.run_source_names)) & TORCH_SGD_NAMES)
    if used:
        raise CheckFailed(
            f"your sgd.py uses {', '.join(used)}: torch's own SGD. Write the update yourself."
        )
    _expect_trajectory(sub, case)


@check(
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
        sub.run(probes.run_on_meta, values, case.layout, case.group_lrs, dict(case.hyper), grads[0])
    )
