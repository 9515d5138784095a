"""Grader for a1_backprop/manual_backprop.py: relu(x @ w1) @ w2, its loss, its gradients by
hand, and gradient descent with them."""

import dataclasses

import torch

from graders import problems as pb
from graders.checks import devices
from graders.checks import references as ref
from graders.checks import strategies as st
from graders.checks.a1_backprop import common as training
from graders.checks.compare import (
    expect_close,
    expect_close_for_some_subgradient,
    expect_tensor_like,
    expect_tuple,
)
from graders.checks.scoring import check
from graders.inside.probes.a1_backprop import manual_backprop as probes

# Always tried first: a batch of one, D_in == H, and a grid problem whose pre-activations
# x @ w1 have exact zeros (ties at the ReLU's kink).
CORNERS = [
    {"p": pb.TwoLayer(n=1, d_in=2, h=3, d_out=1)},
    {"p": pb.TwoLayer(n=3, d_in=4, h=4, d_out=2, dtype=torch.float64)},
    {"p": pb.TwoLayer(n=4, d_in=2, h=3, d_out=2, values="grid", seed=1)},
    {"p": pb.TwoLayer(n=2, d_in=3, h=5, d_out=4, values="normal", seed=2)},
]

# --- judges ------------------------------------------------------------------------------


def _expect_gradients(got, x, y, w1, w2, context):
    """got is (grad_w1, grad_w2) as autograd finds them, any subgradient in [0, 1] at the kinks."""
    grad_w1, grad_w2 = expect_tuple(got, 2, f"backward(x, y, w1, w2){context}")
    slope_0 = ref.two_layer_grads(x, y, w1, w2, kink_slope=0.0)
    slope_1 = ref.two_layer_grads(x, y, w1, w2, kink_slope=1.0)
    expect_close(grad_w2, slope_0[1], f"grad_w2{context}")
    expect_close_for_some_subgradient(grad_w1, slope_0[0], slope_1[0], f"grad_w1{context}")


# --- checks ------------------------------------------------------------------------------


@check(
    tests="forward",
    p=st.two_layer(),
    corners=CORNERS,
    hint="Compute relu(x @ w1) first, then multiply by w2.",
)
def forward_matches_torch(sub, p):
    """forward(x, w1, w2) returns relu(x @ w1) @ w2 with the inputs' dtype and device."""
    x, _, w1, w2 = p.tensors(sub.device)
    expect_close(
        sub.run(probes.run_forward, x, w1, w2),
        ref.two_layer_forward(x, w1, w2),
        "forward(x, w1, w2)",
    )


@check(
    tests="sse_loss",
    p=st.two_layer(),
    corners=CORNERS,
    hint="Use .sum(), not .mean(), and keep the result a tensor.",
)
def sse_loss_is_sum_of_squares(sub, p):
    """sse_loss(pred, y) returns ((pred - y) ** 2).sum() as a 0-d tensor."""
    x, y, w1, w2 = p.tensors(sub.device)
    pred = ref.two_layer_forward(x, w1, w2)
    expect_close(sub.run(probes.run_sse_loss, pred, y), ref.sse(pred, y), "sse_loss(pred, y)")


@check(
    tests="backward",
    p=st.two_layer(),
    corners=CORNERS,
    hint="grad_w1 has the shape of w1 and grad_w2 the shape of w2; build them from the inputs, "
    "without .float(), .double() or .cpu().",
)
def backward_gradients_have_weight_shapes(sub, p):
    """backward(x, y, w1, w2) returns a pair (grad_w1, grad_w2) with the shape, dtype and device of
    w1 and w2."""
    x, y, w1, w2 = p.tensors(sub.device)
    got = expect_tuple(sub.run(probes.run_backward, x, y, w1, w2), 2, "backward(x, y, w1, w2)")
    expect_tensor_like(got[0], w1, "grad_w1")
    expect_tensor_like(got[1], w2, "grad_w2")


@check(
    tests="backward",
    p=st.two_layer(),
    corners=CORNERS,
    hint="The loss is a sum of squares, so grad_pred = 2 * (pred - y); the ReLU's derivative is a "
    "mask of where x @ w1 is positive; grad_w2 = hidden.T @ grad_pred.",
)
def backward_matches_autograd(sub, p):
    """backward(x, y, w1, w2) returns the gradients autograd finds for
    sse_loss(forward(x, w1, w2), y) (any subgradient in [0, 1] where x @ w1 is exactly 0)."""
    x, y, w1, w2 = p.tensors(sub.device)
    _expect_gradients(sub.run(probes.run_backward, x, y, w1, w2), x, y, w1, w2, "")


@check(
    needs=("forward_matches_torch", "sse_loss_is_sum_of_squares", "backward_matches_autograd"),
    tests="backward",
    p=st.two_layer(),
    hint=(
        "Compute every result from this call's arguments alone: no module-level cache or global "
        "(one keyed by shape hands back an earlier call's answer)."
    ),
)
def calls_keep_no_state(sub, p):
    """forward, sse_loss and backward keep nothing between calls: on problem A, then B (the same
    shapes, other values), then A again, each call gives that problem's own answer."""
    q = dataclasses.replace(p, seed=p.seed + 1)
    for label, problem in (("A", p), ("B", q), ("A again", p)):
        x, y, w1, w2 = problem.tensors(sub.device)
        pred = ref.two_layer_forward(x, w1, w2)
        expect_close(sub.run(probes.run_forward, x, w1, w2), pred, f"forward on {label}")
        expect_close(
            sub.run(probes.run_sse_loss, pred, y), ref.sse(pred, y), f"sse_loss on {label}"
        )
        _expect_gradients(sub.run(probes.run_backward, x, y, w1, w2), x, y, w1, w2, f" on {label}")


@check(
    tests="backward",
    p=st.two_layer(),
    corners=CORNERS,
    hint=(
        "Compute new tensors (a = b @ c); avoid in-place operations (+=, .mul_(), .clamp_()) on "
        "the inputs."
    ),
)
def backward_leaves_inputs_unchanged(sub, p):
    """backward(x, y, w1, w2) leaves x, y, w1 and w2 (their values, .grad and requires_grad) exactly
    as they were."""
    sub.run(
        probes.run_backward, *p.tensors(sub.device)
    )  # the door compares every argument before and after


@check(
    needs=("backward_matches_autograd",),
    tests="backward",
    p=st.two_layer(),
    corners=CORNERS,
    hint="Write every gradient as tensor operations on x, y, w1, w2 (the chain rule), "
    "not with loss.backward() or torch.autograd.grad.",
)
def backward_works_without_autograd(sub, p):
    """backward(x, y, w1, w2) gives the right gradients under torch.no_grad(), without calling
    autograd."""
    x, y, w1, w2 = p.tensors(sub.device)
    got = sub.run(probes.run_backward_without_autograd, x, y, w1, w2)
    _expect_gradients(got, x, y, w1, w2, " under torch.no_grad()")


@check(p=st.two_layer(), examples=3, hint=devices.HINT)
def works_on_any_device(sub, p):
    """forward, sse_loss and backward keep their results on the inputs' device: nothing goes through
    the CPU (.cpu(), .numpy()) and no tensor is made without device=."""
    devices.expect_on_meta(sub.run(probes.run_on_meta, *p.tensors(sub.device)))


@check(
    tests="train_manual",
    t=st.training(),
    hint="Append sse_loss(...).item() once per step, before the update.",
)
def train_manual_returns_one_float_per_step(sub, t):
    """train_manual(x, y, w1, w2, lr, steps) returns a list of `steps` plain Python floats."""
    training.one_float_per_step(sub, probes.run_train_manual, t, "train_manual")


@check(
    tests="train_manual",
    t=st.training(min_steps=1),
    hint="Use `w1 -= lr * grad_w1` (in place). `w1 = w1 - lr * grad_w1` makes a new tensor and "
    "leaves the caller's w1 unchanged.",
)
def train_manual_updates_weights_in_place(sub, t):
    """After train_manual, the caller's w1 and w2 hold, in their own storage (a view of each taken
    before sees them), the weights that `steps` steps of gradient descent reach."""
    training.weights_follow_reference(sub, probes.run_train_manual, t)


@check(
    tests="train_manual",
    t=st.training(min_steps=1),
    hint="Measure the loss before each update, with the current weights; update w -= lr * grad.",
)
def train_manual_losses_match_reference(sub, t):
    """train_manual returns the losses of the reference gradient descent (torch.optim.SGD), one
    before each step."""
    training.losses_follow_reference(sub, probes.run_train_manual, t)


@check(
    tests="train_manual",
    t=st.training(min_steps=2),
    hint="Gradient descent subtracts the gradient: w -= lr * grad.",
)
def train_manual_lowers_the_loss(sub, t):
    """On a problem where gradient descent makes progress, train_manual ends with a lower loss than
    it started with."""
    training.lowers_the_loss(sub, probes.run_train_manual, t)
