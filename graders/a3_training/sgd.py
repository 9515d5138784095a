"""Grader for a3_training/sgd.py: an SGD optimizer written from scratch that must update every
parameter exactly as torch.optim.SGD does."""

import torch
import torch.optim.sgd as torch_sgd_module
from hypothesis import strategies as hst

from graders import references as ref
from graders import strategies as st
from graders.compare import TRAJECTORY_RTOL, expect_close
from graders.feedback import CheckFailed, kind, number
from graders.probe import calls_forbidden
from graders.scoring import check

# Calls that would hand the work to torch's own SGD; they raise during the student's code.
TORCH_SGD = [
    (torch.optim.SGD, "__init__"),
    (torch.optim.SGD, "step"),
    (torch_sgd_module, "sgd"),
    (torch_sgd_module, "_single_tensor_sgd"),
    (torch_sgd_module, "_multi_tensor_sgd"),
]
NOT_TORCH_SGD = "your SGD used torch.optim.SGD or torch's functional SGD; write the update yourself"

# --- probes --------------------------------------------------------------------------------


def _stepped(mod, values, layout, group_lrs, hyper, grads_per_step):
    """The student's SGD after stepping through the given gradients (torch's SGD forbidden)."""
    params = [v.requires_grad_() for v in values]
    opt = mod.SGD(ref.param_groups(params, layout, group_lrs), **hyper)
    for grads in grads_per_step:
        for p, g in zip(params, grads):
            if g is None or p.grad is None:
                p.grad = g
            else:
                p.grad.copy_(g)  # as backward() after zero_grad(set_to_none=False): same tensor, new values
        opt.step()
    return params, opt


def run_sgd(mod, *case):
    with calls_forbidden(NOT_TORCH_SGD, TORCH_SGD):
        params, _ = _stepped(mod, *case)
    return {"params": params, "leaves": [p.is_leaf and p.requires_grad for p in params]}


def run_state_dict(mod, *case):
    with calls_forbidden(NOT_TORCH_SGD, TORCH_SGD):
        params, opt = _stepped(mod, *case)
        state = opt.state_dict()["state"]
        opt.zero_grad()
    return {
        "buffers": [state.get(i, {}).get("momentum_buffer") for i in range(len(params))],
        "grads_after_zero_grad": [p.grad for p in params],
    }


def run_closure(mod, x, w, lr):
    w.requires_grad_()
    calls = []
    with calls_forbidden(NOT_TORCH_SGD, TORCH_SGD):
        opt = mod.SGD([w], lr=lr)

        def closure():
            opt.zero_grad()
            loss = ((x @ w) ** 2).sum()
            loss.backward()
            calls.append(loss.item())
            return loss

        returned = opt.step(closure)
    return {"returned": returned, "calls": calls, "w": w}


def run_arguments(mod, hyper):
    try:
        mod.SGD([torch.zeros(1, requires_grad=True)], **hyper)
    except ValueError:
        return "ValueError"
    except NotImplementedError:
        raise  # a stub: "not implemented yet", not a wrong exception
    except Exception as error:  # noqa: BLE001 - the judge reports the type
        return type(error).__name__
    return "ok"


# --- judges --------------------------------------------------------------------------------


def _expect_trajectory(sub, case):
    values, grads = case.tensors(sub.device)
    hyper = dict(case.hyper)
    got = sub.run(run_sgd, values, case.layout, case.group_lrs, hyper, grads)
    expected, _ = ref.sgd_trajectory(values, case.layout, case.group_lrs, hyper, grads)
    for i, (g, e) in enumerate(zip(got["params"], expected)):
        expect_close(g, e, f"parameter {i} after {case.steps} steps", rtol=TRAJECTORY_RTOL)
    return got


# --- checks --------------------------------------------------------------------------------


@check(points=2, case=st.sgd_cases(momentum=False, decay=False, steps=(1, 1)), hint="p.add_(p.grad, alpha=-lr) for each parameter with a gradient, inside step().")
def plain_step_matches_torch(sub, case):
    """Without momentum or weight decay, one step() sets every parameter to p - lr * p.grad, as torch.optim.SGD does."""
    _expect_trajectory(sub, case)


NESTEROV = [{"case": st.SGDCase(((3,), (2, 2)), (2,), (None,), (("lr", 0.1), ("momentum", 0.9), ("dampening", 0.0), ("weight_decay", 0.0), ("nesterov", True)), steps=3)}]


@check(
    points=3,
    case=st.sgd_cases(steps=(1, 4)),
    corners=NESTEROV,
    hint="Weight decay first (g = g + wd * p); the momentum buffer starts as a copy of that g, then "
    "b = momentum * b + (1 - dampening) * g; nesterov uses g + momentum * b.",
)
def several_steps_match_torch(sub, case):
    """For drawn lr, momentum, dampening, weight decay and nesterov, every parameter after several steps equals torch.optim.SGD's."""
    _expect_trajectory(sub, case)


@check(points=2, case=st.sgd_cases(groups=(2, 3)), hint="Loop over self.param_groups and read lr, momentum, ... from each group, not from the defaults.")
def each_group_uses_its_own_hyperparameters(sub, case):
    """With several parameter groups, each with its own lr, every parameter follows torch.optim.SGD's trajectory."""
    _expect_trajectory(sub, case)


@check(points=1, case=st.sgd_cases(groups=(1, 3), with_missing=True), hint="`if p.grad is None: continue`: such a parameter keeps its value and its momentum buffer.")
def parameters_without_gradient_are_skipped(sub, case):
    """A parameter whose .grad is None at a step is left alone at that step (value and momentum), as torch.optim.SGD does."""
    _expect_trajectory(sub, case)


@check(points=1, case=st.sgd_cases(groups=(1, 3)), hint="Update under torch.no_grad() (decorate step with @torch.no_grad()) and in place.")
def parameters_stay_leaves(sub, case):
    """After step(), every parameter is still a leaf that requires grad."""
    got = _expect_trajectory(sub, case)
    if not all(got["leaves"]):
        raise CheckFailed("a parameter is no longer a leaf that requires grad after step().")


@check(
    points=1,
    case=st.sgd_cases(groups=(2, 3), steps=(1, 3)),
    hint="Keep the buffer in self.state[p]['momentum_buffer'] (keyed by the parameter itself), so state_dict() can save it.",
)
def state_dict_holds_each_momentum_buffer(sub, case):
    """state_dict() holds, for each parameter, the momentum buffer torch.optim.SGD has, and zero_grad() clears every gradient."""
    values, grads = case.tensors(sub.device)
    hyper = dict(case.hyper)
    got = sub.run(run_state_dict, values, case.layout, case.group_lrs, hyper, grads)
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


@check(points=1, p=st.two_layer(("normal",)), hint="if closure is not None: with torch.enable_grad(): loss = closure(); ... return loss.")
def step_returns_the_closure_loss(sub, p):
    """step(closure) calls the closure once, before updating, and returns the loss it returned."""
    x, _, w, _ = p.tensors(sub.device)
    got = sub.run(run_closure, x, w, 0.01)
    if len(got["calls"]) != 1:
        raise CheckFailed(f"step(closure) called the closure {len(got['calls'])} times, expected once.")
    returned = got["returned"]
    if not isinstance(returned, torch.Tensor) or returned.numel() != 1 or returned.item() != got["calls"][0]:
        raise CheckFailed(f"step(closure) returned {kind(returned)}, expected the closure's loss {number(got['calls'][0])}.")
    reference = w.detach().clone().requires_grad_()
    opt = torch.optim.SGD([reference], lr=0.01)
    ((x @ reference) ** 2).sum().backward()
    opt.step()
    expect_close(got["w"], reference.detach(), "the weight after step(closure)")


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


@check(points=1, hyper=INVALID, corners=EACH_RULE, hint="ValueError for lr < 0, momentum < 0, weight_decay < 0, and nesterov with momentum <= 0 or dampening != 0; nothing else.")
def invalid_arguments_raise_value_error_like_torch(sub, hyper):
    """SGD(params, **arguments) raises ValueError exactly for the arguments torch.optim.SGD refuses."""
    expected, got = ref.sgd_raises(hyper), sub.run(run_arguments, hyper)
    if got != expected:
        shown = ", ".join(f"{k}={v}" for k, v in hyper.items())
        says = {"ok": "accepted them", "ValueError": "raised ValueError"}
        raise CheckFailed(f"SGD({shown}) {says.get(got, 'raised ' + got)}; torch.optim.SGD {says[expected]}.")


@check(points=1, case=st.sgd_cases(steps=(1, 2)), hint="Write the update with tensor operations (p.add_, buffer.mul_); do not create or subclass torch.optim.SGD.")
def does_not_hand_the_work_to_torch_sgd(sub, case):
    """step() computes the update itself: torch.optim.SGD and torch's functional SGD raise while it runs, and it still matches torch."""
    _expect_trajectory(sub, case)
