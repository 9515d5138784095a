"""What the right answer is, computed by torch itself: functional forwards, autograd for
gradients, torch.optim for training. Nothing here is the course's own solution code, and
nothing here ever sees the submission.
"""

from __future__ import annotations

import functools
from collections import OrderedDict

import torch
import torch.nn.functional as F
from torch.optim.sgd import sgd as functional_sgd

from graders.inside import plain
from graders.inside.probes.training import (  # noqa: F401 - the references use the probes' plumbing
    apply_changes,
    make_optimizer,
    param_groups,
    train_steps,
)

REMEMBERED = 4096  # results kept per reference function


def remembered(fn):
    """Keep `fn`'s results by the value of its arguments (tensors by dtype, shape and bytes).

    A grading process judges a whole class on the same drawn examples, so each reference is
    computed once per example rather than once per student. For functions of plain data only
    (graders.inside.plain: no modules or optimizers); callers get a fresh copy of the result each
    time.
    """
    memo: OrderedDict = OrderedDict()

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        key = plain.key((args, sorted(kwargs.items())))
        if key not in memo:
            memo[key] = fn(*args, **kwargs)
            if len(memo) > REMEMBERED:
                memo.popitem(last=False)
        memo.move_to_end(key)
        return plain.copy(memo[key])

    return wrapper


# --- a1_backprop: relu(x @ w1) @ w2 with a sum of squared errors -------------------------


def two_layer_forward(x, w1, w2):
    return F.relu(x @ w1) @ w2


def sse(pred, y):
    return F.mse_loss(pred, y, reduction="sum")


@remembered
def two_layer_grads(x, y, w1, w2, kink_slope: float = 0.0):
    """(grad_w1, grad_w2) of sse(relu(x @ w1) @ w2, y), by autograd.

    At pre-activations exactly 0 the ReLU's derivative is taken as `kink_slope` (autograd's
    relu takes 0): the hidden layer's gradient is found by autograd, and the kink entries are
    given the requested slope.
    """
    w1 = w1.detach().clone().requires_grad_()
    w2 = w2.detach().clone().requires_grad_()
    pre = x @ w1
    hidden = F.relu(pre)
    hidden.retain_grad()
    loss = sse(hidden @ w2, y)
    grad_w1, grad_w2 = torch.autograd.grad(loss, (w1, w2), retain_graph=True)
    if kink_slope:
        (grad_hidden,) = torch.autograd.grad(loss, hidden)
        grad_w1 = grad_w1 + x.T @ (grad_hidden * (pre == 0) * kink_slope)
    return grad_w1.detach(), grad_w2.detach()


@remembered
def two_layer_training(x, y, w1, w2, lr: float, steps: int):
    """Plain gradient descent, each step torch.optim.SGD's own update (its functional form,
    torch.optim.sgd.sgd: the same arithmetic without building an optimizer, whose first
    construction imports torch._dynamo, 0.7 s of a student's one-exercise run):
    (losses before each step, w1, w2)."""
    w1 = w1.detach().clone().requires_grad_()
    w2 = w2.detach().clone().requires_grad_()
    losses = []
    for _ in range(steps):
        loss = sse(two_layer_forward(x, w1, w2), y)
        losses.append(loss.item())
        grads = torch.autograd.grad(loss, (w1, w2))
        with torch.no_grad():
            functional_sgd(
                [w1, w2],
                list(grads),
                [None, None],
                weight_decay=0.0,
                momentum=0.0,
                lr=lr,
                dampening=0.0,
                nesterov=False,
                maximize=False,
            )
    return losses, w1.detach(), w2.detach()


# --- a1_backprop: DynamicNet -----------------------------------------------------------


def dynamic_net(params: dict, x, repeats: int):
    """The DynamicNet forward, written with torch.nn.functional on the given parameters."""
    h = F.relu(F.linear(x, params["input_linear.weight"], params["input_linear.bias"]))
    for _ in range(repeats):
        h = F.relu(F.linear(h, params["middle_linear.weight"], params["middle_linear.bias"]))
    return F.linear(h, params["output_linear.weight"], params["output_linear.bias"])


@remembered
def dynamic_net_grads(params: dict, x, repeats: int, grad_out) -> dict:
    """Gradients of <dynamic_net(params, x), grad_out> for every parameter, by autograd."""
    leaves = {k: v.detach().clone().requires_grad_() for k, v in params.items()}
    out = dynamic_net(leaves, x, repeats)
    grads = torch.autograd.grad(out, list(leaves.values()), grad_out, allow_unused=True)
    return {
        k: (torch.zeros_like(v) if g is None else g) for (k, v), g in zip(leaves.items(), grads)
    }


# --- a2_modules: functional forms of the modules, on given parameters ------------------------


@remembered
def two_layer_net(params: dict, x):
    h = F.relu(F.linear(x, params["linear1.weight"], params["linear1.bias"]))
    return F.linear(h, params["linear2.weight"], params["linear2.bias"])


@remembered
def mlp(params: dict, x):
    count = len(params) // 2
    for i in range(count):
        x = F.linear(x, params[f"layers.{i}.weight"], params[f"layers.{i}.bias"])
        if i < count - 1:
            x = F.relu(x)
    return x


@remembered
def lenet(params: dict, x):
    x = F.max_pool2d(F.relu(F.conv2d(x, params["conv1.weight"], params["conv1.bias"])), 2)
    x = F.max_pool2d(F.relu(F.conv2d(x, params["conv2.weight"], params["conv2.bias"])), 2)
    x = torch.flatten(x, 1)
    x = F.relu(F.linear(x, params["fc1.weight"], params["fc1.bias"]))
    x = F.relu(F.linear(x, params["fc2.weight"], params["fc2.bias"]))
    return F.linear(x, params["fc3.weight"], params["fc3.bias"])


def rmse(yhat, y, eps: float):
    return torch.sqrt(F.mse_loss(yhat, y) + eps)


@remembered
def rmse_grads(yhat, y, eps: float):
    """Gradients of rmse with respect to yhat and y, by autograd."""
    yhat = yhat.detach().clone().requires_grad_()
    y = y.detach().clone().requires_grad_()
    return torch.autograd.grad(rmse(yhat, y, eps), (yhat, y))


def relu_grad(x, grad_out):
    """The gradient of <relu(x), grad_out> with respect to x, by autograd."""
    x = x.detach().clone().requires_grad_()
    (grad,) = torch.autograd.grad(F.relu(x), x, grad_out)
    return grad


# --- a3_training -----------------------------------------------------------------------------


@remembered
def sgd_trajectory(
    values, layout, group_lrs, hyper: dict, grads_per_step, changes=(), scheduler: str | None = None
):
    """torch.optim.SGD from `values` over the given gradients: (final values, momentum buffers).
    `changes` ((step, group, hyperparameter, value), ...) are set in the groups before their
    step; `scheduler` "step" halves every group's lr after each step (StepLR(1, 0.5))."""
    params = [v.detach().clone().requires_grad_() for v in values]
    opt = torch.optim.SGD(param_groups(params, layout, group_lrs), **hyper)
    schedule = torch.optim.lr_scheduler.StepLR(opt, 1, 0.5) if scheduler == "step" else None
    for step, grads in enumerate(grads_per_step):
        apply_changes(opt, changes, step)
        for p, g in zip(params, grads):
            p.grad = None if g is None else g.clone()
        opt.step()
        if schedule is not None:
            schedule.step()
    state = opt.state_dict()["state"]
    buffers = [state.get(i, {}).get("momentum_buffer") for i in range(len(params))]
    return [p.detach() for p in params], buffers


def sgd_state_after(values, layout, group_lrs, hyper: dict, grads_per_step):
    """torch.optim.SGD's parameters and state_dict() after these steps."""
    params = [v.detach().clone().requires_grad_() for v in values]
    opt = torch.optim.SGD(param_groups(params, layout, group_lrs), **hyper)
    _steps(opt, params, grads_per_step)
    return [p.detach() for p in params], opt.state_dict()


def sgd_resumed(values, layout, group_lrs, hyper: dict, state_dict, grads_per_step):
    """torch.optim.SGD on `values`, loading `state_dict` (another optimizer's), then stepping
    through the gradients: the parameters at the end."""
    params = [v.detach().clone().requires_grad_() for v in values]
    opt = torch.optim.SGD(param_groups(params, layout, group_lrs), **hyper)
    opt.load_state_dict(state_dict)
    _steps(opt, params, grads_per_step)
    return [p.detach() for p in params]


def _steps(opt, params, grads_per_step) -> None:
    for grads in grads_per_step:
        for p, g in zip(params, grads):
            p.grad = None if g is None else g.clone()
        opt.step()


SGD_DEFAULTS = ("lr", "momentum", "dampening", "weight_decay", "nesterov")


def sgd_defaults() -> dict:
    """torch.optim.SGD's defaults for the five hyperparameters of the exercise."""
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)])
    return {k: opt.defaults[k] for k in SGD_DEFAULTS}


def sgd_raises(hyper: dict) -> str:
    """'ValueError' if torch.optim.SGD refuses these arguments with one, else 'ok'."""
    try:
        torch.optim.SGD([torch.zeros(1, requires_grad=True)], **hyper)
    except ValueError:
        return "ValueError"
    return "ok"


@remembered
def multistep_lr(base_lr: float, milestones, gamma: float, epoch: int) -> float:
    """The lr torch.optim.lr_scheduler.MultiStepLR gives during `epoch`, by running it."""
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=base_lr)
    scheduler = torch.optim.lr_scheduler.MultiStepLR(opt, list(milestones), gamma)
    for _ in range(epoch):
        opt.step()
        scheduler.step()
    return opt.param_groups[0]["lr"]
