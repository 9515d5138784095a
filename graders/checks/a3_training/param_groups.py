"""Grader for a3_training/param_groups.py: parameter groups per layer, and weight decay for
weights only."""

import functools

from hypothesis import strategies as hst

from graders import problems as pb
from graders.checks import strategies as st
from graders.checks.compare import expect_close
from graders.checks.scoring import check
from graders.errors import CheckFailed
from graders.feedback import kind
from graders.inside.probes.a3_training import param_groups as probes

SIBLINGS = [{"o": pb.Overrides(pb.GroupModel(), (("fc1", (("lr", 0.5),)),))}]
NESTED = [
    {
        "o": pb.Overrides(
            pb.GroupModel(), (("head.0.0", (("lr", 0.5),)), ("features.0", (("lr", 0.05),)))
        )
    }
]
# fc1 and fc10 share their weight in the zoo model: both overridden, it belongs to the first.
TIED = [
    {
        "o": pb.Overrides(
            pb.GroupModel(zoo=True),
            (("fc10", (("lr", 0.5),)), ("fc1", (("lr", 0.05),)), ("frozen", (("lr", 0.005),))),
        )
    }
]
# fc10 alone: its weight is fc1's (tied), which named_parameters() names fc1.weight; it belongs
# in fc10's group all the same, since fc1 has no group of its own.
TIED_HINT = (
    "A parameter tied between two overridden submodules goes to the first of them only "
    "(torch.optim refuses a parameter in two groups): skip the parameters an earlier group "
    "already holds."
)
SECOND_OWNER = [{"o": pb.Overrides(pb.GroupModel(zoo=True), (("fc10", (("lr", 0.5),)),))}]

# --- judges --------------------------------------------------------------------------------


# No reference per_layer_groups: each judge checks the groups it is given against properties
# read off torch's own named_modules() and named_parameters(), so the graders a student holds
# contain no answer to copy.


def _groups(sub, o):
    got = sub.run(probes.run_per_layer_groups, o.model, o.as_dict())
    if not isinstance(got, list) or not all(isinstance(g, dict) and "params" in g for g in got):
        raise CheckFailed(
            f"per_layer_groups returned {kind(got)}, expected a list of dicts with a 'params' key."
        )
    if len(got) != len(o.items) + 1:
        raise CheckFailed(
            f"per_layer_groups returned {len(got)} groups for {len(o.items)} overrides, "
            f"expected {len(o.items) + 1} (one per override, then the rest)."
        )
    return got


def _names_in(model, name: str) -> list[str]:
    """The names (as the model's named_parameters() spells them) of the parameters of the
    submodule `name`, in named_parameters() order."""
    names = {id(p): n for n, p in model.named_parameters()}
    return [names[id(p)] for p in dict(model.named_modules())[name].parameters()]


def _overridden(o, model, before: int) -> set[str]:
    """The parameters the submodules of the first `before` overrides hold."""
    return {n for name, _ in o.items[:before] for n in _names_in(model, name)}


def _tied(o, model) -> set[str]:
    """The parameters that two overridden submodules share (a tied weight), by name."""
    names = {id(p): n for n, p in model.named_parameters()}
    modules = dict(model.named_modules())
    claims: dict[str, int] = {}
    for name in o.as_dict():
        for p in modules[name].parameters():
            claims[names[id(p)]] = claims.get(names[id(p)], 0) + 1
    return {n for n, count in claims.items() if count > 1}


@functools.lru_cache(maxsize=64)
def _built(model_case):
    """The case's model, built once: the judges only read its structure and names."""
    return model_case.build()


def _show(names):
    return "[" + ", ".join(names) + "]"


# --- checks --------------------------------------------------------------------------------


@check(
    tests="per_layer_groups",
    o=st.overrides(),
    corners=NESTED + TIED + SECOND_OWNER,
    hint=(
        "Look each name up in dict(model.named_modules()) and take that submodule's "
        ".parameters(), in the order of overrides."
    ),
    hints={"tied": TIED_HINT},
)
def one_group_per_override_in_order(sub, o):
    """per_layer_groups returns one group per override, in the overrides' order, each holding that
    submodule's parameters in named_parameters() order (a parameter tied to an earlier override's
    submodule is in that group only), then one last group."""
    got = _groups(sub, o)
    model = _built(o.model)
    tied = _tied(o, model)
    order = [n for n, _ in model.named_parameters()]
    for i, (name, _) in enumerate(o.items):
        mine, earlier = _names_in(model, name), _overridden(o, model, i)
        held = got[i]["params"]
        strays = [n for n in held if n not in mine]
        claimed = [n for n in held if n in mine and n in earlier]
        missing = [n for n in mine if n not in earlier and n not in held]
        where = f"group {i} ({name})"
        if strays:
            raise CheckFailed(f"{where} holds {_show(strays)}, not parameters of {name!r}.")
        if claimed or missing:
            raise CheckFailed(
                f"{where} holds {_show(held)}, expected "
                f"{_show([n for n in mine if n not in earlier])}.",
                hint="tied" if set(claimed + missing) <= tied else None,
            )
        if held != sorted(held, key=order.index):
            raise CheckFailed(f"{where} holds {_show(held)}: not in named_parameters() order.")


@check(
    tests="per_layer_groups",
    o=st.overrides(),
    corners=TIED,
    hint=(
        "Collect the ids of the parameters already grouped; the last group takes every other "
        "parameter of model.parameters(), frozen ones (requires_grad=False) included."
    ),
    hints={"tied": TIED_HINT},
)
def every_parameter_in_exactly_one_group(sub, o):
    """Every parameter of the model is in exactly one group, and the last group holds all the others
    in named_parameters() order."""
    got = _groups(sub, o)
    seen = [n for g in got for n in g["params"]]
    everything = [n for n, _ in _built(o.model).named_parameters()]
    twice = sorted({n for n in seen if seen.count(n) > 1})
    if twice:
        tied = _tied(o, _built(o.model))
        raise CheckFailed(
            f"{_show(twice)} {'is' if len(twice) == 1 else 'are'} in more than one group.",
            hint="tied" if set(twice) <= tied else None,
        )
    missing = [n for n in everything if n not in seen]
    if missing or "?" in seen:
        raise CheckFailed(
            (
                f"{_show(missing) if missing else 'a tensor that is not a parameter of the model'} "
                f"{'is' if len(missing) == 1 else 'are'} in no group."
            )
            if missing
            else "a group holds a tensor that is not a parameter of the model."
        )
    overridden = _overridden(o, _built(o.model), len(o.items))
    rest = [n for n in everything if n not in overridden]
    if got[-1]["params"] != rest:
        raise CheckFailed(
            f"the last group holds {_show(got[-1]['params'])}, expected {_show(rest)}."
        )


@check(
    tests="per_layer_groups",
    o=st.overrides(),
    hint='{"params": [...], **hyperparameters}: copy every key of the override into its group.',
)
def hyperparameters_are_carried(sub, o):
    """Each override's hyperparameters (lr, momentum, ...) are in its group, with the same values,
    and nothing else is added."""
    got = _groups(sub, o)
    for i, (g, (_, hyper)) in enumerate(zip(got[:-1], o.items)):
        extra = {k: v for k, v in g.items() if k != "params"}
        wanted = dict(hyper)
        if extra != wanted:
            raise CheckFailed(
                f"group {i} ({o.items[i][0]}) has hyperparameters {extra}, expected {wanted}."
            )


@check(
    tests="per_layer_groups",
    o=st.overrides(),
    hint='The last group is {"params": [...]} alone, so the optimizer\'s defaults apply to it.',
)
def rest_group_has_no_hyperparameters(sub, o):
    """The last group has only a "params" key: the optimizer's defaults apply to it."""
    got = _groups(sub, o)
    keys = sorted(got[-1])
    if keys != ["params"]:
        raise CheckFailed(f"the last group has keys {keys}, expected only 'params'.")


@check(
    tests="per_layer_groups",
    o=st.overrides(),
    corners=SIBLINGS,
    hint=(
        '"fc10" starts with "fc1" but is not inside it; compare with name + "." or look modules '
        "up by exact name."
    ),
)
def sibling_names_sharing_a_prefix_are_kept_apart(sub, o):
    """An override for "fc1" takes fc1's parameters only, never fc10's."""
    got = _groups(sub, o)
    for i, (name, _) in enumerate(o.items):
        strays = [
            n for n in got[i]["params"] if name and n.startswith(name) and n[len(name)] != "."
        ]
        if strays:
            raise CheckFailed(
                f"group {i} ({name}) holds {_show(strays)}, which belong to another module whose "
                f"name starts with {name!r}."
            )


@check(
    tests="per_layer_groups",
    o=st.overrides(),
    corners=TIED,
    hint="Build the optimizer with torch.optim.SGD(per_layer_groups(model, overrides), lr=...).",
)
def an_optimizer_steps_each_layer_with_its_own_lr(sub, o):
    """torch.optim.SGD built from the groups moves each overridden layer with its own lr and the
    rest with the default lr."""
    got = sub.run(probes.run_optimizer_step, o.model, o.as_dict(), 0.1)
    model = o.model.build()
    lr_of = {n: 0.1 for n, _ in model.named_parameters()}  # the optimizer's default
    for name, hyper in reversed(o.items):  # the first override holding a parameter sets its lr
        for n in _names_in(model, name):
            lr_of[n] = dict(hyper).get("lr", 0.1)
    for name, p in model.named_parameters():
        expect_close(
            got.get(name), (p - lr_of[name]).detach(), f"{name} after one step (lr {lr_of[name]})"
        )


@check(
    tests="per_layer_groups",
    o=st.overrides(),
    name=hst.sampled_from(["fc2", "features.9", "head.1", "body"]),
    hint=(
        "dict(model.named_modules())[name] raises KeyError for an unknown name; check before "
        "building groups."
    ),
)
def unknown_names_raise_key_error(sub, o, name):
    """An override for a name that is not a submodule raises KeyError."""
    overrides = {name: {"lr": 0.1}} | o.as_dict()
    got = sub.run(probes.run_raises, o.model, overrides, "KeyError")
    if got != "KeyError":
        raise CheckFailed(
            f"per_layer_groups with an override for {name!r} "
            f"{'returned groups' if got == 'returned' else 'raised ' + got}, expected "
            "KeyError."
        )


@check(
    tests="per_layer_groups",
    pair=hst.sampled_from(
        [
            ("features", "features.0"),
            ("head", "head.0.0"),
            ("head.0", "head.0.0"),
            ("features.3", "features"),
            ("", "head.0"),  # "" is the model itself, as named_modules() spells it
            ("features.0", ""),
        ]
    ),
    hint=(
        'Two names overlap when one starts with the other + ".": raise ValueError, since a '
        "parameter would be in two groups."
    ),
)
def overlapping_names_raise_value_error(sub, pair):
    """Overrides for a module and a module inside it ("features" and "features.0", or the model
    itself, "", and any other) raise ValueError."""
    overrides = {pair[0]: {"lr": 0.1}, pair[1]: {"lr": 0.2}}
    got = sub.run(probes.run_raises, pb.GroupModel(), overrides, "ValueError")
    if got != "ValueError":
        raise CheckFailed(
            f"per_layer_groups with overrides {list(overrides)} "
            f"{'returned groups' if got == 'returned' else 'raised ' + got}, expected "
            "ValueError."
        )


@check(
    tests="decay_groups",
    m=st.group_models(),
    wd=hst.sampled_from([1e-4, 1e-2, 0.1]),
    hint=(
        "Split model.parameters() by p.ndim >= 2 (a parameter held by several modules once, "
        "frozen ones too); the second group gets weight_decay 0.0 (norm layers' weights are 1-D)."
    ),
)
def decay_groups_split_by_ndim(sub, m, wd):
    """decay_groups returns [{"params": every parameter with ndim >= 2, "weight_decay": wd},
    {"params": the others, "weight_decay": 0.0}], whatever module holds them (an Embedding, the
    model itself), each once."""
    got = sub.run(probes.run_decay_groups, m, wd)
    model = m.build()
    expected = [
        {"params": [n for n, p in model.named_parameters() if p.ndim >= 2], "weight_decay": wd},
        {"params": [n for n, p in model.named_parameters() if p.ndim < 2], "weight_decay": 0.0},
    ]
    if not isinstance(got, list) or len(got) != 2:
        raise CheckFailed(
            "decay_groups returned "
            f"{kind(got)}{' of ' + str(len(got)) if isinstance(got, list) else ''}, expected "
            "a list of two groups."
        )
    for i, (g, e) in enumerate(zip(got, expected)):
        if g != e:
            raise CheckFailed(f"group {i} is {g}, expected {e}.")
