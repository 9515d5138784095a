"""Probes of a2_modules/rmse_loss: RMSELoss, its value, gradients and shape check."""

import torch

from graders.inside.door import ON_META, call, on_meta, probe, raised


def _with_grads(*tensors):
    """Leaves that already hold a gradient (from an earlier backward, say): the loss must leave
    their .grad alone."""
    for t in tensors:
        t.requires_grad_()
        t.grad = torch.zeros_like(t)
    return tensors


@probe(returns=object)
def run_loss(mod, yhat, y, eps):
    yhat, y = _with_grads(yhat, y)
    return call(call(mod.RMSELoss, eps=eps), yhat, y)


@probe(returns={"fresh": [object], "refilled": [object]})
def run_loss_sequence(mod, pairs, eps):
    """One RMSELoss(eps) called on each (yhat, y) of `pairs` (all of one shape) in turn: its
    results ("fresh"); then again, each pair copied into the same two tensors ("refilled"), as a
    training loop reuses its buffers."""
    criterion = call(mod.RMSELoss, eps=eps)
    fresh = [call(criterion, yhat, y) for yhat, y in pairs]
    yhat, y = pairs[0][0].clone(), pairs[0][1].clone()
    refilled = []
    for a, b in pairs:
        yhat.copy_(a)
        y.copy_(b)
        out = call(criterion, yhat, y)
        refilled.append(out.detach().clone() if isinstance(out, torch.Tensor) else out)
    return {"fresh": fresh, "refilled": refilled}


@probe(returns=object)
def run_default_loss(mod, yhat, y):
    return call(call(mod.RMSELoss), yhat, y)


@probe(returns={"loss": object, "attached": bool, "grads": (object, object), "eps": object})
def run_grads(mod, yhat, y, eps):
    yhat.requires_grad_()
    y.requires_grad_()
    criterion = call(mod.RMSELoss, eps=eps)
    loss = call(criterion, yhat, y)
    attached = isinstance(loss, torch.Tensor) and loss.requires_grad and loss.grad_fn is not None
    if attached:
        call(torch.Tensor.backward, loss, what="RMSELoss(...)(yhat, y).backward")
    return {
        "loss": loss,
        "attached": attached,
        "grads": (yhat.grad, y.grad),
        "eps": getattr(criterion, "eps", None),
    }


@probe(returns=str)
def run_mismatch(mod, yhat, y):
    return raised("ValueError", call(mod.RMSELoss), yhat, y)


@probe(returns={"RMSELoss(eps)(yhat, y)": ON_META})
def run_on_meta(mod, yhat, y, eps):
    return {"RMSELoss(eps)(yhat, y)": on_meta(call(mod.RMSELoss, eps=eps), yhat, y)}
