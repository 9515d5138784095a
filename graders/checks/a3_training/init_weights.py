"""Grader for a3_training/init_weights.py: initialisation through Module.apply, checked with
sound statistics (graders/checks/stats.py states and bounds the false-failure rate)."""

import functools
import math

import torch
from hypothesis import strategies as hst

from graders.checks import devices, stats
from graders.checks import strategies as st
from graders.checks.scoring import check
from graders.errors import CheckFailed
from graders.feedback import number
from graders.inside.probes.a3_training import init_weights as probes

SENTINEL = 7.0  # every parameter and buffer starts at this value, so "untouched" can be seen

# Names in InitModel.build(): what each parameter must become. "nn.Linear" means any instance,
# subclasses (6.sub) and frozen layers (6.frozen) too.
LINEAR_WEIGHTS = ["0.weight", "2.2.0.weight", "3.2.weight", "6.sub.weight", "6.frozen.weight"]
CONV_WEIGHTS = ["2.0.weight", "6.conv.weight"]
ZERO_BIASES = ["0.bias", "2.0.bias", "2.2.0.bias", "6.sub.bias", "6.conv.bias", "6.frozen.bias"]
NORMS = ["2.1", "3.0", "3.1"]
UNTOUCHED = ["4.weight", "4.bias", "5.weight", "scale"]  # Conv1d, Embedding, a raw Parameter
DEEP = ["2.2.0.weight", "6.sub.weight"]  # what initialize must reach, checked by law too

# --- judges --------------------------------------------------------------------------------


def _layer(case, name):
    return _built(case).get_submodule(name.rsplit(".", 1)[0])


@functools.lru_cache(maxsize=64)
def _built(case):
    """The case's model, built once: the judges only read its layers' sizes."""
    return case.build()


def _expect_uniform(w, bound, what):
    """Support [-bound, bound], mean 0, variance bound^2 / 3."""
    if w.abs().max().item() > bound * (1 + 1e-6):
        raise CheckFailed(
            f"{what} has entries up to {number(w.abs().max().item())}, outside the uniform "
            f"law's support [-{number(bound)}, {number(bound)}]."
        )
    variance = bound**2 / 3
    _expect_moments(w, variance, "uniform", what)


def _expect_normal(w, std, what):
    """Mean 0, variance std^2, and some entries beyond sqrt(3) std (a uniform law has none)."""
    _expect_moments(w, std**2, "normal", what)
    if w.abs().max().item() <= math.sqrt(3) * std:
        raise CheckFailed(
            f"all {w.numel()} entries of {what} lie within ±sqrt(3)·std = "
            f"±{number(math.sqrt(3) * std)}: that is a uniform law, not a normal one."
        )


def _expect_moments(w, variance, law, what):
    z_var, z_mean = stats.variance_z(w, variance, law), stats.mean_z(w, variance)
    measured = w.detach().double().pow(2).mean().item()
    if abs(z_var) > stats.Z:
        raise CheckFailed(
            f"{what} has mean square {number(measured)}, expected variance {number(variance)} "
            f"({number(z_var)} standard errors away; the limit is {stats.Z})."
        )
    if abs(z_mean) > stats.Z:
        raise CheckFailed(
            f"{what} has mean {number(w.double().mean().item())}, expected 0 "
            f"({number(z_mean)} standard errors away)."
        )


def _expect_linear(got, case, name):
    layer = _layer(case, name)
    bound = math.sqrt(6 / (layer.in_features + layer.out_features))
    _expect_uniform(got[name], bound, f"{name} (Linear({layer.in_features}, {layer.out_features}))")


def _expect_conv(got, case, name):
    layer = _layer(case, name)
    fan_out = layer.out_channels * layer.kernel_size[0] * layer.kernel_size[1]
    _expect_normal(got[name], math.sqrt(2 / fan_out), f"{name} (Conv2d, fan_out {fan_out})")


def _expect_filled(got, names, value, what):
    for name in names:
        if name not in got:
            raise CheckFailed(
                f"{name} is missing from the model after init: a parameter was replaced or "
                "removed (initialise in place, with torch.nn.init)."
            )
        if not torch.equal(got[name], torch.full_like(got[name], value)):
            raise CheckFailed(f"{name} is not all {what}.")


def _expect_untouched(got, names, what):
    _expect_filled(got, names, SENTINEL, f"still {SENTINEL} ({what})")


# --- checks --------------------------------------------------------------------------------


@check(
    tests="init_weights",
    case=st.init_models(),
    hint=(
        "nn.init.xavier_uniform_(m.weight) for every nn.Linear (isinstance: subclasses and frozen "
        "layers too): uniform on ±sqrt(6 / (fan_in + fan_out))."
    ),
)
def linear_weights_are_xavier_uniform(sub, case):
    """After model.apply(init_weights), every nn.Linear weight (subclasses and frozen layers too)
    follows xavier_uniform_: inside ±sqrt(6 / (fan_in + fan_out)), with that law's mean and
    variance."""
    got = sub.run(probes.run_apply, case)
    for name in LINEAR_WEIGHTS:
        _expect_linear(got, case, name)


@check(
    tests="init_weights",
    case=st.init_models(),
    hint=(
        'nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu") for every '
        "nn.Conv2d: normal with std sqrt(2 / fan_out)."
    ),
)
def conv_weights_are_kaiming_normal_fan_out(sub, case):
    """After model.apply(init_weights), every nn.Conv2d weight (subclasses too) is normal with
    mean 0 and variance 2 / fan_out (fan_out = out_channels · kernel area)."""
    got = sub.run(probes.run_apply, case)
    for name in CONV_WEIGHTS:
        _expect_conv(got, case, name)


@check(
    tests="init_weights",
    case=st.init_models(),
    hint="nn.init.zeros_(m.bias) for Linear and Conv2d (when the layer has a bias).",
)
def biases_are_zero(sub, case):
    """After model.apply(init_weights), the biases of nn.Linear and nn.Conv2d layers are zero."""
    _expect_filled(sub.run(probes.run_apply, case), ZERO_BIASES, 0.0, "zeros")


@check(
    tests="init_weights",
    case=st.init_models(),
    hint=(
        "For nn.BatchNorm1d, nn.BatchNorm2d and nn.LayerNorm: weight ones_, bias zeros_ when they "
        "exist (affine=False layers have none); leave the running statistics alone."
    ),
)
def norm_layers_are_ones_and_zeros(sub, case):
    """After model.apply(init_weights), BatchNorm1d, BatchNorm2d and LayerNorm have weight ones and
    bias zeros; layers without affine parameters and every running statistic are left as they
    were."""
    got = sub.run(probes.run_apply, case)
    _expect_filled(got, [f"{n}.weight" for n in NORMS], 1.0, "ones")
    _expect_filled(got, [f"{n}.bias" for n in NORMS], 0.0, "zeros")
    _expect_untouched(
        got,
        [name for name in got if "running" in name or "num_batches" in name],
        "a buffer, which init_weights leaves alone",
    )


@check(
    tests="init_weights",
    case=st.init_models(),
    hint=(
        "Test with isinstance against nn.Linear, nn.Conv2d and the three norm layers; leave every "
        "other module alone."
    ),
)
def other_modules_are_untouched(sub, case):
    """init_weights leaves the parameters of other module types (here Conv1d, Embedding, and a raw
    Parameter of the model) as they were."""
    _expect_untouched(sub.run(probes.run_apply, case), UNTOUCHED, "it was changed")


@check(
    tests="init_weights",
    case=st.init_models(),
    examples=3,
    hint=(
        "init_weights(m) looks at m itself only: a container (Sequential, ModuleDict) is none of "
        "the layers it initialises; model.apply visits what is inside."
    ),
)
def called_on_a_container_it_leaves_the_layers_inside_alone(sub, case):
    """init_weights called directly on a container (the model, a Sequential, a ModuleDict) changes
    nothing: Module.apply is what visits the layers inside."""
    got = sub.run(probes.run_on_a_container, case)
    _expect_untouched(got, list(got), "init_weights on a container must not reach inside it")


@check(
    tests="initialize",
    case=st.init_models(),
    hint=(
        "model.apply(init_weights) visits every module at every depth; a loop over "
        "model.children() stops at the first level."
    ),
)
def initialize_reaches_every_depth(sub, case):
    """initialize(model) initialises modules at every depth, inside nested nn.Sequential,
    nn.ModuleList and nn.ModuleDict."""
    got = sub.run(probes.run_initialize, case)["params"]
    for name in DEEP:
        _expect_linear(got, case, name)
    _expect_conv(got, case, CONV_WEIGHTS[-1])
    _expect_filled(got, ZERO_BIASES, 0.0, "zeros")
    _expect_filled(got, [f"{n}.weight" for n in NORMS], 1.0, "ones")
    _expect_filled(got, [f"{n}.bias" for n in NORMS], 0.0, "zeros")
    _expect_untouched(got, UNTOUCHED, "it was changed")


@check(
    tests="initialize",
    layer=hst.sampled_from(sorted(probes.LAYERS)),
    examples=4,
    hint=(
        "model.apply(init_weights) visits the model itself too (then its children, at every "
        "depth); a loop over model.children() or model.modules() minus the first skips it."
    ),
)
def initialize_includes_the_model_itself(sub, layer):
    """initialize(model) initialises the model itself, not only what is inside it: a model that
    is a single nn.Linear, nn.Conv2d or norm layer is initialised."""
    got = sub.run(probes.run_initialize_a_layer, layer)["params"]
    built = probes.LAYERS[layer]()
    if isinstance(built, torch.nn.Linear):
        bound = math.sqrt(6 / (built.in_features + built.out_features))
        _expect_uniform(got["weight"], bound, f"the weight of a model that is {layer}")
    elif isinstance(built, torch.nn.Conv2d):
        fan_out = built.out_channels * built.kernel_size[0] * built.kernel_size[1]
        _expect_normal(
            got["weight"], math.sqrt(2 / fan_out), f"the weight of a model that is {layer}"
        )
    else:
        _expect_filled(got, ["weight"], 1.0, f"ones (the weight of a model that is {layer})")
    _expect_filled(got, ["bias"], 0.0, f"zeros (the bias of a model that is {layer})")


@check(
    tests="initialize",
    case=st.init_models(),
    hint=(
        "Initialise in place, with torch.nn.init's functions (xavier_uniform_, zeros_, ...) on "
        "the parameters themselves: never assign a new nn.Parameter or rebind .data."
    ),
)
def initialize_changes_values_in_place(sub, case):
    """initialize(model) keeps the same parameters and buffers, in their own storage: a view of
    each taken before the call sees its new values."""
    got = sub.run(probes.run_initialize, case)
    for name, alias in got["aliases"].items():
        now = got["params"].get(name)
        if not (isinstance(now, torch.Tensor) and torch.equal(now, alias)):
            raise CheckFailed(
                f"a view of {name} taken before initialize still holds the old values: the new "
                "values went into a new tensor, not into the parameter's own storage."
            )


@check(tests="init_weights", case=st.init_models(), examples=3, hint=devices.HINT)
def works_on_any_device(sub, case):
    """init_weights initialises a model on another device where it is: nothing goes through the CPU
    and no tensor is made without device=."""
    devices.expect_on_meta(sub.run(probes.run_on_meta, case))


@check(
    tests="initialize",
    case=st.init_models(),
    hint="return model (Module.apply returns the module too).",
)
def initialize_returns_the_model(sub, case):
    """initialize(model) returns the model object it was given."""
    if not sub.run(probes.run_initialize, case)["same"]:
        raise CheckFailed("initialize(model) did not return the model it was given.")
