"""Grader for a1_backprop/autograd_step.py: an SGD step on leaf tensors, and training with
autograd that follows the same trajectory as gradient descent by hand."""

import torch

from graders import problems as pb
from graders.checks import devices
from graders.checks import strategies as st
from graders.checks.a1_backprop import common as training
from graders.checks.compare import expect_close, expect_unchanged
from graders.checks.scoring import check
from graders.errors import CheckFailed
from graders.inside.probes.a1_backprop import autograd_step as probes

# --- checks --------------------------------------------------------------------------------

NO_GRAD_HINT = (
    "Update under `with torch.no_grad():` with an in-place operation (p -= lr * p.grad); "
    "`p = p - lr * p.grad` only rebinds a local name."
)


@check(tests="sgd_step_", ps=st.param_lists(), hint=NO_GRAD_HINT)
def sgd_step_updates_in_place(sub, ps):
    """sgd_step_(params, lr) replaces each tensor's values with p - lr * p.grad, in the tensor the
    caller holds and in its own storage (a view of it taken before sees the new values)."""
    values, grads = ps.tensors(sub.device)
    after = sub.run(probes.run_sgd_step, values, grads, ps.lr)
    for i, (v, g, a) in enumerate(zip(values, grads, after)):
        expect_close(a["value"], v - ps.lr * g, f"params[{i}] after the step")
        if not torch.equal(a["alias"], a["value"]):
            raise CheckFailed(
                f"a view of params[{i}] taken before the step still holds the old values: the "
                "update went into new storage (p.data = ...), not into p's own."
            )


@check(
    needs=("sgd_step_updates_in_place",),
    tests="sgd_step_",
    ps=st.param_lists(),
    hint=(
        "Loop over params once (`for p in params:`): a generator, such as model.parameters(), "
        "is empty the second time it is read."
    ),
)
def sgd_step_reads_params_once(sub, ps):
    """sgd_step_ works when params is a one-shot generator (as model.parameters() is): every
    tensor is updated and its gradient cleared."""
    values, grads = ps.tensors(sub.device)
    after = sub.run(probes.run_sgd_step, values, grads, ps.lr, True)
    for i, (v, g, a) in enumerate(zip(values, grads, after)):
        expect_close(
            a["value"], v - ps.lr * g, f"params[{i}] after sgd_step_((p for p in params), lr)"
        )
        if a["grad"] is not None and (not isinstance(a["grad"], torch.Tensor) or a["grad"].any()):
            raise CheckFailed(
                f"params[{i}].grad still holds a gradient after sgd_step_((p for p in params), "
                "lr): a second loop over a generator sees nothing."
            )


@check(tests="sgd_step_", ps=st.param_lists(some_without_grad=True), hint=NO_GRAD_HINT)
def sgd_step_keeps_leaves(sub, ps):
    """After sgd_step_, every tensor is still a leaf that requires grad (the update was not recorded
    by autograd)."""
    values, grads = ps.tensors(sub.device)
    for i, a in enumerate(sub.run(probes.run_sgd_step, values, grads, ps.lr)):
        if not (a["is_leaf"] and a["requires_grad"]):
            raise CheckFailed(
                f"params[{i}] is no longer a leaf that requires grad after the step "
                f"(is_leaf={a['is_leaf']}, requires_grad={a['requires_grad']})."
            )


@check(
    tests="sgd_step_",
    ps=st.param_lists(),
    hint="After updating p, set p.grad = None (or p.grad.zero_()): backward() adds to .grad.",
)
def sgd_step_clears_gradients(sub, ps):
    """After sgd_step_, the gradient of every updated tensor is cleared (None or all zeros)."""
    values, grads = ps.tensors(sub.device)
    for i, a in enumerate(sub.run(probes.run_sgd_step, values, grads, ps.lr)):
        if a["grad"] is not None and (not isinstance(a["grad"], torch.Tensor) or a["grad"].any()):
            raise CheckFailed(f"params[{i}].grad still holds a gradient after the step.")


# A tensor without a gradient first, then one with: a loop that stops at the first skip fails.
SKIP_FIRST = [{"ps": pb.ParamList(shapes=((2,), (3, 2)), has_grad=(False, True))}]


@check(
    tests="sgd_step_",
    ps=st.param_lists(some_without_grad=True),
    corners=SKIP_FIRST,
    hint=(
        "Skip tensors whose .grad is None with `continue` (not `return` or `break`: the tensors "
        "after it still need their update)."
    ),
)
def sgd_step_skips_tensors_without_gradient(sub, ps):
    """sgd_step_ leaves tensors whose .grad is None unchanged (their .grad stays None) and still
    updates every other tensor."""
    values, grads = ps.tensors(sub.device)
    after = sub.run(probes.run_sgd_step, values, grads, ps.lr)
    for i, (v, g, a) in enumerate(zip(values, grads, after)):
        if g is None:
            expect_unchanged(a["value"], v, f"params[{i}], which had no gradient,")
            if a["grad"] is not None:
                raise CheckFailed(f"params[{i}] had no gradient, but has one after the step.")
        else:
            expect_close(
                a["value"], v - ps.lr * g, f"params[{i}] (which had a gradient) after the step"
            )


@check(
    tests="train_autograd",
    t=st.training(),
    hint="Append loss.item() once per step, before the update.",
)
def train_autograd_returns_one_float_per_step(sub, t):
    """train_autograd(x, y, w1, w2, lr, steps) returns a list of `steps` plain Python floats."""
    training.one_float_per_step(sub, probes.run_train_autograd, t, "train_autograd")


@check(
    tests="train_autograd",
    t=st.training(min_steps=2),
    hint=(
        "Gradients accumulate: clear them every step (sgd_step_ does), and update w1 and w2 in "
        "place."
    ),
)
def train_autograd_weights_match_reference(sub, t):
    """After train_autograd, the caller's w1 and w2 hold the weights of the reference gradient
    descent."""
    training.weights_follow_reference(sub, probes.run_train_autograd, t)


@check(
    tests="train_autograd",
    t=st.training(min_steps=2),
    hint="Record loss.item() before loss.backward() and the update; clear gradients every step.",
)
def train_autograd_losses_match_reference(sub, t):
    """train_autograd returns the losses of the reference gradient descent, the same as
    train_manual's."""
    training.losses_follow_reference(sub, probes.run_train_autograd, t)


@check(
    tests="train_autograd",
    t=st.training(min_steps=1),
    hint="Update w1 and w2 in place under torch.no_grad(), so they stay leaves.",
)
def train_autograd_keeps_leaves(sub, t):
    """After train_autograd, w1 and w2 are still leaves that require grad."""
    x, y, w1, w2 = t.problem.tensors(sub.device)
    if not sub.run(probes.run_train_autograd, x, y, w1, w2, t.lr, t.steps)["leaves"]:
        raise CheckFailed("w1 or w2 is no longer a leaf that requires grad after training.")


@check(
    tests="train_autograd",
    t=st.training(min_steps=2),
    hint="Gradient descent subtracts the gradient: w -= lr * grad.",
)
def train_autograd_lowers_the_loss(sub, t):
    """On a problem where gradient descent makes progress, train_autograd ends with a lower loss
    than it started with."""
    training.lowers_the_loss(sub, probes.run_train_autograd, t)


@check(ps=st.param_lists(some_without_grad=True), examples=3, hint=devices.HINT)
def sgd_step_works_on_any_device(sub, ps):
    """sgd_step_ updates the tensors where they are: nothing goes through the CPU (.cpu(), .numpy())
    and no tensor is made without device=."""
    values, grads = ps.tensors(sub.device)
    devices.expect_on_meta(sub.run(probes.run_sgd_step_on_meta, values, grads, ps.lr))
