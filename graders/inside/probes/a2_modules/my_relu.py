"""Probes of a2_modules/my_relu: MyReLUFunction, my_relu and MyReLU.

The backward is written by hand: in this worker autograd runs only the backward passes the
probes start themselves (graders.inside.guards.kit_backward), never one started inside them, and
never forward mode (RULES).
"""

import torch

from graders.inside import guards
from graders.inside.door import ON_META, call, on_meta, probe

RULES = guards.Rules(
    autograd=guards.KIT_ONLY,
    message=(
        "MyReLUFunction's backward is written by hand (a mask of the saved input): autograd "
        "(.backward(), torch.autograd.grad, torch.func, forward mode) may not compute it"
    ),
)
OWN_BACKWARD = "MyReLUFunctionBackward"  # the grad_fn class autograd makes for MyReLUFunction
PROJECTIONS = 3  # upstream gradients (and directions) of run_projections


def _grad_fn(out) -> str:
    return type(getattr(out, "grad_fn", None)).__name__


def _backward(out, grad_out, what):
    """out.backward(grad_out): the one pass the rules allow, the hand-written backward inside."""
    with guards.kit_backward():
        call(torch.Tensor.backward, out, grad_out, what=what)


@probe(returns=object)
def run_my_relu(mod, x):
    """my_relu(x), x a leaf that already holds a gradient: my_relu must leave it alone."""
    x.requires_grad_()
    x.grad = torch.zeros_like(x)
    return call(mod.my_relu, x)


@probe(returns={"out": object, "x": torch.Tensor, "alias": torch.Tensor, "same": bool})
def run_module(mod, x, inplace):
    """MyReLU(inplace=...)(x); with inplace None, MyReLU() with its default. `alias` shares x's
    storage from before the call: what is written into x in place shows through it."""
    alias = x.detach()
    module = call(mod.MyReLU) if inplace is None else call(mod.MyReLU, inplace=inplace)
    out = call(module, x, changes=(0,) if inplace else ())
    return {"out": out, "x": x, "alias": alias, "same": out is x}


@probe(returns={"grad_fn": str, "grad": object}, backward=1)
def run_backward(mod, x, grad_out, through_module):
    x.requires_grad_()
    out = call(call(mod.MyReLU), x) if through_module else call(mod.my_relu, x)
    grad_fn = _grad_fn(out)
    if grad_fn == OWN_BACKWARD:
        _backward(out, grad_out, "the backward of my_relu(x)")
    return {"grad_fn": grad_fn, "grad": x.grad}


@probe(returns={"first": [object], "last": [object]}, backward=4)
def run_interleaved(mod, x1, x2, g1, g2):
    """Two calls of my_relu before either backward: y1 = my_relu(x1), y2 = my_relu(x2), then
    their backwards, y1's first ("first"), and again with y2's first ("last"): x1's and x2's
    gradients each time."""
    found = {}
    for order in ("first", "last"):
        a, b = x1.detach().clone().requires_grad_(), x2.detach().clone().requires_grad_()
        y1, y2 = call(mod.my_relu, a), call(mod.my_relu, b)
        pairs = [(y1, g1), (y2, g2)] if order == "first" else [(y2, g2), (y1, g1)]
        for out, grad in pairs:
            _backward(out, grad, "the backward of my_relu")
        found[order] = [a.grad, b.grad]
    return found


@probe(returns={"x": object, "z": object}, backward=1)
def run_two_branches(mod, x, z, grad_out):
    """A gradient that feeds two branches: (z * 1) + my_relu(x). The branch made last (my_relu)
    runs its backward first, so a backward that writes into grad_output changes z's gradient."""
    x.requires_grad_()
    z.requires_grad_()
    other = z * 1.0
    mine = call(mod.my_relu, x)
    if _grad_fn(mine) == OWN_BACKWARD:
        _backward(other + mine, grad_out, "the backward of my_relu(x) + z")
    return {"x": x.grad, "z": z.grad}


@probe(returns={"grad": object, "attached": bool}, backward=1)
def run_inplace_gradient(mod, x, grad_out):
    """The in-place path's gradient: MyReLU(inplace=True) on a tensor computed from a leaf."""
    leaf = x.clone().requires_grad_()
    inner = leaf * 1.0
    out = call(call(mod.MyReLU, inplace=True), inner, changes=(0,))
    attached = isinstance(out, torch.Tensor) and bool(out.requires_grad)
    if attached:
        _backward(out, grad_out, "the backward of MyReLU(inplace=True)(h)")
    return {"grad": leaf.grad, "attached": attached}


@probe(
    returns={"grad_fn": str, "backward": [object], "plus": [object], "minus": [object]},
    backward=PROJECTIONS,
)
def run_projections(mod, x, upstream, directions, eps):
    """What a gradient check needs of MyReLUFunction, computed by the submission alone, on one
    input x throughout (as torch.autograd.gradcheck does: a backward that writes into its saved
    input changes what the forward sees next): for each upstream gradient u, x.grad after
    MyReLUFunction.apply(x).backward(u); for each direction v, the forward at x + eps v and
    x - eps v. The grader compares u . J v both ways."""
    grads = []
    grad_fn = ""
    x.requires_grad_()
    for u in upstream[:PROJECTIONS]:
        out = call(mod.MyReLUFunction.apply, x, what="MyReLUFunction.apply")
        grad_fn = _grad_fn(out)
        if grad_fn != OWN_BACKWARD:
            break
        _backward(out, u, "the backward of MyReLUFunction.apply(x)")
        grads.append(x.grad)
        x.grad = None
    with torch.no_grad():
        plus = [call(mod.MyReLUFunction.apply, x + eps * v) for v in directions]
        minus = [call(mod.MyReLUFunction.apply, x - eps * v) for v in directions]
    return {"grad_fn": grad_fn, "backward": grads, "plus": plus, "minus": minus}


@probe(returns={"my_relu(x) and its backward": ON_META, "MyReLU()(x)": ON_META})
def run_on_meta(mod, x, grad_out):
    meta_x = x.to("meta").requires_grad_()

    def forward_and_backward(t, g):
        """my_relu, then its backward called through its autograd node (not through the
        autograd engine, whose worker would not be watched)."""
        out = mod.my_relu(t)
        node = getattr(out, "grad_fn", None)
        return out, node.apply(g) if node is not None else None

    return {
        "my_relu(x) and its backward": on_meta(forward_and_backward, meta_x, grad_out),
        "MyReLU()(x)": on_meta(call(mod.MyReLU), x),
    }
