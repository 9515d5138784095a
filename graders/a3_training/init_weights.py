"""Grader for a3_training/init_weights.py: initialisation through Module.apply, checked with
sound statistics (graders/stats.py states and bounds the false-failure rate)."""

import math

import torch

from graders import stats
from graders import strategies as st
from graders.feedback import CheckFailed, number
from graders.scoring import check

SENTINEL = 7.0  # every parameter starts at this value, so "untouched" can be seen

# Names in InitModel.build(): what each parameter must become.
LINEAR_WEIGHTS = ["0.weight", "2.2.0.weight", "3.2.weight"]
CONV_WEIGHTS = ["2.0.weight"]
ZERO_BIASES = ["0.bias", "2.0.bias", "2.2.0.bias"]
NORMS = ["2.1", "3.0", "3.1"]
UNTOUCHED = ["4.weight", "4.bias", "5.weight"]  # Conv1d and Embedding

# --- probes --------------------------------------------------------------------------------


def _sentinel_model(case):
    model = case.build()
    with torch.no_grad():
        for p in model.parameters():
            p.fill_(SENTINEL)
    return model


def run_apply(mod, case):
    model = _sentinel_model(case)
    model.apply(mod.init_weights)
    return dict(model.named_parameters())


def run_initialize(mod, case):
    model = _sentinel_model(case)
    returned = mod.initialize(model)
    return {"params": dict(model.named_parameters()), "same": returned is model}


# --- judges --------------------------------------------------------------------------------


def _layer(case, name):
    return case.build().get_submodule(name.rsplit(".", 1)[0])


def _expect_uniform(w, bound, what):
    """Support [-bound, bound], mean 0, variance bound^2 / 3."""
    if w.abs().max().item() > bound * (1 + 1e-6):
        raise CheckFailed(f"{what} has entries up to {number(w.abs().max().item())}, outside the uniform law's support [-{number(bound)}, {number(bound)}].")
    variance = bound**2 / 3
    _expect_moments(w, variance, "uniform", what)


def _expect_normal(w, std, what):
    """Mean 0, variance std^2, and some entries beyond sqrt(3) std (a uniform law has none)."""
    _expect_moments(w, std**2, "normal", what)
    if w.abs().max().item() <= math.sqrt(3) * std:
        raise CheckFailed(f"all {w.numel()} entries of {what} lie within ±sqrt(3)·std = ±{number(math.sqrt(3) * std)}: that is a uniform law, not a normal one.")


def _expect_moments(w, variance, law, what):
    z_var, z_mean = stats.variance_z(w, variance, law), stats.mean_z(w, variance)
    measured = w.detach().double().pow(2).mean().item()
    if abs(z_var) > stats.Z:
        raise CheckFailed(f"{what} has mean square {number(measured)}, expected variance {number(variance)} ({number(z_var)} standard errors away; the limit is {stats.Z}).")
    if abs(z_mean) > stats.Z:
        raise CheckFailed(f"{what} has mean {number(w.double().mean().item())}, expected 0 ({number(z_mean)} standard errors away).")


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
        if name in got and not torch.equal(got[name], torch.full_like(got[name], value)):
            raise CheckFailed(f"{name} is not all {what}.")


# --- checks --------------------------------------------------------------------------------


@check(points=2, case=st.init_models(), hint="nn.init.xavier_uniform_(m.weight) for nn.Linear: uniform on ±sqrt(6 / (fan_in + fan_out)).")
def linear_weights_are_xavier_uniform(sub, case):
    """After model.apply(init_weights), every nn.Linear weight follows xavier_uniform_: inside ±sqrt(6 / (fan_in + fan_out)), with that law's mean and variance."""
    got = sub.run(run_apply, case)
    for name in LINEAR_WEIGHTS:
        _expect_linear(got, case, name)


@check(points=2, case=st.init_models(), hint='nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu") for nn.Conv2d: normal with std sqrt(2 / fan_out).')
def conv_weights_are_kaiming_normal_fan_out(sub, case):
    """After model.apply(init_weights), every nn.Conv2d weight is normal with mean 0 and variance 2 / fan_out (fan_out = out_channels · kernel area)."""
    got = sub.run(run_apply, case)
    for name in CONV_WEIGHTS:
        _expect_conv(got, case, name)


@check(points=1, case=st.init_models(), hint="nn.init.zeros_(m.bias) for Linear and Conv2d (when the layer has a bias).")
def biases_are_zero(sub, case):
    """After model.apply(init_weights), the biases of nn.Linear and nn.Conv2d layers are zero."""
    _expect_filled(sub.run(run_apply, case), ZERO_BIASES, 0.0, "zeros")


@check(points=1, case=st.init_models(), hint="For nn.BatchNorm1d, nn.BatchNorm2d and nn.LayerNorm: weight ones_, bias zeros_.")
def norm_layers_are_ones_and_zeros(sub, case):
    """After model.apply(init_weights), BatchNorm1d, BatchNorm2d and LayerNorm have weight ones and bias zeros."""
    got = sub.run(run_apply, case)
    _expect_filled(got, [f"{n}.weight" for n in NORMS], 1.0, "ones")
    _expect_filled(got, [f"{n}.bias" for n in NORMS], 0.0, "zeros")


@check(points=1, case=st.init_models(), hint="Test the exact classes (nn.Linear, nn.Conv2d, the three norm layers); leave every other module alone.")
def other_modules_are_untouched(sub, case):
    """init_weights leaves the parameters of other module types (here Conv1d and Embedding) as they were."""
    _expect_filled(sub.run(run_apply, case), UNTOUCHED, SENTINEL, f"still {SENTINEL} (it was changed)")


@check(points=1, case=st.init_models(), hint="model.apply(init_weights) visits every module at every depth; a loop over model.children() stops at the first level.")
def initialize_reaches_every_depth(sub, case):
    """initialize(model) initialises modules at every depth, inside nested nn.Sequential and nn.ModuleList."""
    got = sub.run(run_initialize, case)["params"]
    for name in LINEAR_WEIGHTS:
        _expect_linear(got, case, name)
    _expect_conv(got, case, CONV_WEIGHTS[0])
    _expect_filled(got, ZERO_BIASES, 0.0, "zeros")
    _expect_filled(got, [f"{n}.weight" for n in NORMS], 1.0, "ones")
    _expect_filled(got, [f"{n}.bias" for n in NORMS], 0.0, "zeros")
    _expect_filled(got, UNTOUCHED, SENTINEL, f"still {SENTINEL} (it was changed)")


@check(points=1, case=st.init_models(), hint="return model (Module.apply returns the module too).")
def initialize_returns_the_model(sub, case):
    """initialize(model) returns the model object it was given."""
    if not sub.run(run_initialize, case)["same"]:
        raise CheckFailed("initialize(model) did not return the model it was given.")
