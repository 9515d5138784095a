"""Probes of a3_training/sgd: the student's SGD stepped through drawn gradients.

The update is written by hand: in this worker torch's SGD, in every form, refuses to run for
the worker's whole life (RULES); what the checks compare with torch.optim.SGD runs in the
grader.
"""

import torch

from graders.inside import guards
from graders.inside.door import ON_META, call, meta_leaves, on_meta, probe, raised, source_names
from graders.inside.plain import Maybe
from graders.inside.probes.training import apply_changes, param_groups

RULES = guards.Rules(
    torch_sgd=False,
    message="your SGD used torch.optim.SGD or torch's functional SGD; write the update yourself",
)
GRADS = [[Maybe(torch.Tensor)]]


def _stepped(mod, values, layout, group_lrs, hyper, grads_per_step, changes=(), scheduler=None):
    """The student's SGD after stepping through the given gradients, with `changes` set in its
    groups before their steps and a torch StepLR driving it when `scheduler` is "step"."""
    params = [v.requires_grad_() for v in values]
    opt = call(mod.SGD, param_groups(params, layout, group_lrs), **hyper, takes=(0,))
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
        apply_changes(opt, changes, step)
        for p, g in zip(params, grads):
            if g is None or p.grad is None:
                p.grad = g
            else:  # as backward() after zero_grad(set_to_none=False): same tensor, new values
                p.grad.copy_(g)
        call(opt.step, what="SGD.step")
        grads_after.append([None if p.grad is None else p.grad.detach().clone() for p in params])
        if schedule is not None:
            call(schedule.step, what="scheduler.step (which sets lr in your SGD's groups)")
    return params, opt, grads_after


@probe(
    returns={
        "params": [torch.Tensor],
        "aliases": [torch.Tensor],
        "leaves": [bool],
        "grads_after": GRADS,
    }
)
def run_sgd(mod, values, *case):
    """The parameters after the steps, and aliases of them taken before the first step (which
    share their storage: an update in place shows through them)."""
    aliases = [v.detach() for v in values]
    params, _, grads_after = _stepped(mod, values, *case)
    return {
        "params": params,
        "aliases": aliases,
        "leaves": [bool(p.is_leaf and p.requires_grad) for p in params],
        "grads_after": grads_after,
    }


@probe(returns={"buffers": [object], "grads_after_zero_grad": [Maybe(torch.Tensor)]})
def run_state_dict(mod, *case):
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


@probe(returns={"params": [torch.Tensor], "state_dict": object})
def run_state_dict_after(mod, values, layout, group_lrs, hyper, grads_per_step):
    """The parameters and the student's state_dict() after these steps (the grader loads it
    into torch.optim.SGD and goes on with torch's)."""
    params, opt, _ = _stepped(mod, values, layout, group_lrs, hyper, grads_per_step)
    return {"params": params, "state_dict": call(opt.state_dict, what="SGD.state_dict")}


@probe(returns=[torch.Tensor])
def run_resumed(mod, values, layout, group_lrs, hyper, state_dict, grads_per_step):
    """The student's SGD built on `values`, loading torch.optim.SGD's `state_dict`, then
    stepping through the rest of the gradients: the parameters at the end."""
    params = [v.requires_grad_() for v in values]
    opt = call(mod.SGD, param_groups(params, layout, group_lrs), **hyper, takes=(0,))
    call(opt.load_state_dict, state_dict, what="SGD.load_state_dict")
    for grads in grads_per_step:
        for p, g in zip(params, grads):
            p.grad = None if g is None else g.clone()
        call(opt.step, what="SGD.step")
    return params


@probe(returns={"returned": object, "without": object, "calls": [float], "w": torch.Tensor})
def run_closure(mod, x, w, lr):
    w.requires_grad_()
    calls = []
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


@probe(returns=str)
def run_arguments(mod, hyper):
    got = raised("ValueError", mod.SGD, [torch.zeros(1, requires_grad=True)], **hyper)
    return "ok" if got == "returned" else got


HYPERPARAMETERS = ("lr", "momentum", "dampening", "weight_decay", "nesterov")


@probe(returns={k: object for k in HYPERPARAMETERS})
def run_defaults(mod):
    opt = call(mod.SGD, [torch.zeros(1, requires_grad=True)])
    return {k: opt.param_groups[0].get(k) for k in HYPERPARAMETERS}


@probe(returns={"SGD.step": ON_META})
def run_on_meta(mod, values, layout, group_lrs, hyper, grads):
    """Two steps on meta parameters; the parameters and the optimizer's state come back (a
    buffer made on the CPU would stay there)."""
    params = meta_leaves(values, grads)
    opt = call(mod.SGD, param_groups(params, layout, group_lrs), **hyper, takes=(0,))

    def two_steps():
        opt.step()
        opt.step()
        return params, [
            t for state in opt.state.values() for t in state.values() if isinstance(t, torch.Tensor)
        ]

    return {"SGD.step": on_meta(two_steps)}


@probe(returns=[str])
def run_source_names(mod):
    """The names the student's module uses (for the rule that the update is written by hand)."""
    return sorted(source_names(mod))
