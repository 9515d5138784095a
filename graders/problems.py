"""The problems a check draws: small frozen records of sizes, dtypes, seeds and hyperparameters.

A drawn problem is a frozen record (sizes, dtype, how values are drawn, a seed) that builds its
tensors, models and data on demand. Hypothesis draws the records (graders.checks.strategies) and
shrinks them (smaller sizes, float32 before float64, grid values before normal ones); a record
prints in a few words, so a failing example reads "N=1, D_in=2, H=2, D_out=1, float32, grid values"
and not as a tensor dump. Records are plain data (graders.inside.plain): they cross to the worker as
they are, and a probe builds the submission's inputs from them there.

Values come in two kinds:
- "grid": multiples of 0.5 in [-2, 2]. Sums of their products are exact in float32, so
  pre-activations hit exactly 0 often: the ReLU's kink is reached on purpose.
- "normal": standard normal values; no ties, and rounding differences show up, so a silent
  float32 computation on float64 inputs is caught.

This module imports no hypothesis: it is what a worker needs of the problems, and nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from graders.feedback import brief, dtype_name

DTYPES = (torch.float32, torch.float64)


VALUES = ("grid", "normal")


def seed_torch(seed: int) -> None:
    """Seed torch's CPU generator (and CUDA's, once CUDA is in use).

    torch.manual_seed does the same but also records a stack trace for every lazy device
    (CUDA, XPU, MTIA) it could seed later, which costs milliseconds per call; the kit seeds
    before every probe, so that cost was most of a grading run.
    """
    torch.default_generator.manual_seed(seed)
    if torch.cuda.is_initialized():
        torch.cuda.manual_seed_all(seed)


def make_tensors(shapes, dtype: torch.dtype, values: str, seed: int) -> list[torch.Tensor]:
    """Tensors of the given shapes, reproducible from (values, seed)."""
    g = torch.Generator().manual_seed(seed)
    out = []
    for shape in shapes:
        if values == "grid":
            t = torch.randint(-4, 5, shape, generator=g).to(dtype) / 2
        else:
            t = torch.randn(shape, generator=g, dtype=torch.float64).to(dtype)
        out.append(t)
    return out


def _show(names, tensors) -> str:
    return "; ".join(f"{n} = {brief(t)}" for n, t in zip(names, tensors))


@dataclass(frozen=True)
class TwoLayer:
    """A problem for relu(x @ w1) @ w2 with a sum-of-squares loss against y."""

    n: int
    d_in: int
    h: int
    d_out: int
    dtype: torch.dtype = torch.float32
    values: str = "grid"
    seed: int = 0

    def tensors(self, device="cpu"):
        """x, y, w1, w2 on `device`."""
        shapes = [
            (self.n, self.d_in),
            (self.n, self.d_out),
            (self.d_in, self.h),
            (self.h, self.d_out),
        ]
        return [t.to(device) for t in make_tensors(shapes, self.dtype, self.values, self.seed)]

    def describe(self) -> str:
        head = (
            f"N={self.n}, D_in={self.d_in}, H={self.h}, D_out={self.d_out}, "
            f"{dtype_name(self.dtype)}, {self.values} values"
        )
        return f"{head}\n    {_show(['x', 'y', 'w1', 'w2'], self.tensors())}"


@dataclass(frozen=True)
class Training:
    """A two-layer problem plus a learning rate and a number of steps."""

    problem: TwoLayer
    lr: float
    steps: int

    def describe(self) -> str:
        return f"lr={self.lr}, steps={self.steps}, {self.problem.describe()}"


@dataclass(frozen=True)
class Dynamic:
    """A DynamicNet problem: sizes, repeats, drawn parameters, input and upstream gradient."""

    n: int
    d_in: int
    h: int
    d_out: int
    repeats: int
    dtype: torch.dtype = torch.float32
    seed: int = 0

    PARAMETERS = (
        "input_linear.weight",
        "input_linear.bias",
        "middle_linear.weight",
        "middle_linear.bias",
        "output_linear.weight",
        "output_linear.bias",
    )

    def shapes(self) -> dict[str, tuple[int, ...]]:
        return dict(
            zip(
                self.PARAMETERS,
                [
                    (self.h, self.d_in),
                    (self.h,),
                    (self.h, self.h),
                    (self.h,),
                    (self.d_out, self.h),
                    (self.d_out,),
                ],
            )
        )

    def tensors(self, device="cpu"):
        """params (a dict in state_dict order), x, and an upstream gradient for the output."""
        shapes = list(self.shapes().values()) + [(self.n, self.d_in), (self.n, self.d_out)]
        *params, x, grad_out = make_tensors(shapes, self.dtype, "normal", self.seed)
        params = {k: v.to(device) for k, v in zip(self.PARAMETERS, params)}
        return params, x.to(device), grad_out.to(device)

    def describe(self) -> str:
        _, x, _ = self.tensors()
        return (
            f"N={self.n}, D_in={self.d_in}, H={self.h}, D_out={self.d_out}, "
            f"repeats={self.repeats}, {dtype_name(self.dtype)}, x = {brief(x)}"
        )


@dataclass(frozen=True)
class ParamList:
    """Leaf tensors for an SGD step: drawn shapes, each with a gradient or without one."""

    shapes: tuple
    has_grad: tuple
    dtype: torch.dtype = torch.float32
    lr: float = 0.1
    seed: int = 0

    def tensors(self, device="cpu"):
        """(values, grads): grads[i] is None where tensor i has no gradient."""
        made = make_tensors(list(self.shapes) * 2, self.dtype, "normal", self.seed)
        values, grads = made[: len(self.shapes)], made[len(self.shapes) :]
        grads = [g if has else None for g, has in zip(grads, self.has_grad)]
        return [v.to(device) for v in values], [None if g is None else g.to(device) for g in grads]

    def describe(self) -> str:
        items = ", ".join(
            f"{shape}{'' if has else ' without grad'}"
            for shape, has in zip(self.shapes, self.has_grad)
        )
        return f"lr={self.lr}, {dtype_name(self.dtype)} tensors of shapes {items}"


@dataclass(frozen=True)
class ModuleCase:
    """A module to build (class name and constructor arguments), parameters to load into it,
    and an input batch. Weights are drawn with variance 1 / fan_in, biases standard normal, so
    that every ReLU sees both signs; `last_bias`, when set, fills the last parameter (the last
    layer's bias) with one value, e.g. negative to make every output negative."""

    cls: str
    args: tuple
    shapes: tuple  # ((name, shape), ...) in registration order
    input_shape: tuple
    dtype: torch.dtype = torch.float32
    seed: int = 0
    last_bias: float | None = None

    def tensors(self, device="cpu"):
        """(params, x): params a dict in registration order."""
        shapes = [shape for _, shape in self.shapes] + [self.input_shape]
        *values, x = make_tensors(shapes, self.dtype, "normal", self.seed)
        params = {}
        for (name, shape), v in zip(self.shapes, values):
            fan_in = 1
            for size in shape[1:]:
                fan_in *= size
            params[name] = (v / fan_in**0.5 if len(shape) > 1 else v).to(device)
        if self.last_bias is not None:
            params[self.shapes[-1][0]].fill_(self.last_bias)
        return params, x.to(device)

    def describe(self) -> str:
        args = ", ".join(map(repr, self.args))
        bias = f", last bias = {self.last_bias}" if self.last_bias is not None else ""
        _, x = self.tensors()
        return f"{self.cls}({args}), {dtype_name(self.dtype)}{bias}, x = {brief(x)}"


def linear_shapes(prefix: str, fan_in: int, fan_out: int) -> list:
    return [(f"{prefix}.weight", (fan_out, fan_in)), (f"{prefix}.bias", (fan_out,))]


def two_layer_net_case(
    n, d_in, h, d_out, dtype=torch.float32, seed=0, last_bias=None
) -> ModuleCase:
    shapes = linear_shapes("linear1", d_in, h) + linear_shapes("linear2", h, d_out)
    return ModuleCase(
        "TwoLayerNet", (d_in, h, d_out), tuple(shapes), (n, d_in), dtype, seed, last_bias
    )


def mlp_case(n, sizes_, dtype=torch.float32, seed=0, last_bias=None) -> ModuleCase:
    shapes = [
        s
        for i, (a, b) in enumerate(zip(sizes_, sizes_[1:]))
        for s in linear_shapes(f"layers.{i}", a, b)
    ]
    return ModuleCase("MLP", (list(sizes_),), tuple(shapes), (n, sizes_[0]), dtype, seed, last_bias)


LENET_SHAPES = (
    ("conv1.weight", (6, 1, 3, 3)),
    ("conv1.bias", (6,)),
    ("conv2.weight", (16, 6, 3, 3)),
    ("conv2.bias", (16,)),
    *linear_shapes("fc1", 576, 120),
    *linear_shapes("fc2", 120, 84),
    *linear_shapes("fc3", 84, 10),
)


def lenet_case(n, dtype=torch.float32, seed=0, last_bias=None) -> ModuleCase:
    return ModuleCase("Net", (), LENET_SHAPES, (n, 1, 32, 32), dtype, seed, last_bias)


@dataclass(frozen=True)
class Pair:
    """Two tensors of one shape (a prediction and a target), and an eps for RMSELoss; with
    `perfect`, a perfect fit: yhat is a copy of y."""

    shape: tuple
    dtype: torch.dtype = torch.float32
    seed: int = 0
    eps: float = 1e-6
    perfect: bool = False

    def tensors(self, device="cpu"):
        """yhat, y."""
        a, b = make_tensors([self.shape, self.shape], self.dtype, "normal", self.seed)
        if self.perfect:
            a = b.clone()
        return a.to(device), b.to(device)

    def describe(self) -> str:
        a, b = self.tensors()
        if self.perfect:
            return f"eps={self.eps}, {dtype_name(self.dtype)}: yhat = y = {brief(b)}"
        return f"eps={self.eps}, {dtype_name(self.dtype)}: yhat = {brief(a)}; y = {brief(b)}"


@dataclass(frozen=True)
class Values:
    """One tensor of a drawn shape; `away_from_zero` keeps every entry at least 0.05 from the
    ReLU's kink (for gradient checks), else grid values put exact zeros in (for values)."""

    shape: tuple
    dtype: torch.dtype = torch.float32
    seed: int = 0
    away_from_zero: bool = True

    def tensors(self, device="cpu"):
        """x, and an upstream gradient of x's shape."""
        x, g = make_tensors([self.shape, self.shape], self.dtype, "normal", self.seed)
        if self.away_from_zero:
            x = x + 0.05 * torch.where(x >= 0, 1.0, -1.0).to(self.dtype)
        else:
            x = make_tensors([self.shape], self.dtype, "grid", self.seed)[0]
        return x.to(device), g.to(device)

    def describe(self) -> str:
        return f"x = {brief(self.tensors()[0])}"


@dataclass(frozen=True)
class SGDCase:
    """Parameters split into groups (each group may have its own lr), SGD hyperparameters, and
    one gradient per parameter per step (None where `missing` says so)."""

    shapes: tuple
    layout: tuple  # parameters per group
    group_lrs: tuple  # per group: an lr, or None for the default
    hyper: tuple  # ((name, value), ...) keyword arguments of SGD
    steps: int = 2
    dtype: torch.dtype = torch.float32
    seed: int = 0
    missing: tuple = ()  # (step, parameter) pairs without a gradient
    zeros: tuple = ()  # (step, parameter) pairs whose gradient is all zeros (still a gradient)
    changes: tuple = ()  # (step, group, hyperparameter, value): set in the group before that step

    def tensors(self, device="cpu"):
        """(initial values, grads[step][parameter])."""
        count = len(self.shapes)
        made = make_tensors(list(self.shapes) * (1 + self.steps), self.dtype, "normal", self.seed)
        values = [v.to(device) for v in made[:count]]
        grads = [
            [
                None
                if (s, i) in self.missing
                else (made[count * (1 + s) + i] * (0 if (s, i) in self.zeros else 1)).to(device)
                for i in range(count)
            ]
            for s in range(self.steps)
        ]
        return values, grads

    def describe(self) -> str:
        hyper = ", ".join(f"{k}={v}" for k, v in self.hyper)
        groups = ", ".join(
            f"{n} params (lr={lr if lr is not None else 'default'})"
            for n, lr in zip(self.layout, self.group_lrs)
        )
        gaps = f", no gradient at (step, param) {list(self.missing)}" if self.missing else ""
        gaps += f", a zero gradient at (step, param) {list(self.zeros)}" if self.zeros else ""
        gaps += "".join(
            f", before step {s} group {g}'s {k} set to {v}" for s, g, k, v in self.changes
        )
        return (
            f"SGD({hyper}), {self.steps} step{'s' * (self.steps != 1)}, "
            f"{dtype_name(self.dtype)}, groups: {groups}, shapes {list(self.shapes)}{gaps}"
        )


class ScaledLinear(torch.nn.Linear):
    """A subclass of nn.Linear, as a student's model may hold one."""


class ScaledConv2d(torch.nn.Conv2d):
    """A subclass of nn.Conv2d."""


@dataclass(frozen=True)
class GroupModel:
    """A model whose submodule names test grouping: siblings sharing a prefix (fc1, fc10),
    nested names (features.0, head.0.0), and norm layers with 1-D weights. With `zoo`, also the
    corners of the nn.Module API: an nn.Embedding, a raw nn.Parameter attribute, a frozen
    layer (requires_grad=False), weights tied between fc1 and fc10, an nn.ModuleDict, a
    subclass of nn.Linear and a LayerNorm without affine parameters."""

    width: int = 3
    norm: str = "batch"  # or "layer"
    seed: int = 0
    zoo: bool = False

    NAMES = (
        "features",
        "features.0",
        "features.1",
        "features.3",
        "fc1",
        "fc10",
        "head",
        "head.0",
        "head.0.0",
    )
    ZOO_NAMES = ("embed", "blocks", "blocks.a", "blocks.b", "frozen", "plain_norm")

    def build(self) -> torch.nn.Module:
        nn = torch.nn
        w = self.width
        with torch.random.fork_rng(devices=[]):
            seed_torch(self.seed)
            model = nn.Module()
            norm = nn.BatchNorm1d(w) if self.norm == "batch" else nn.LayerNorm(w)
            model.features = nn.Sequential(nn.Linear(2, w), norm, nn.ReLU(), nn.Linear(w, w))
            model.fc1 = nn.Linear(w, w + 1)
            model.fc10 = nn.Linear(w, w + 1)
            model.head = nn.Sequential(nn.Sequential(nn.Linear(w + 1, 2)))
            if self.zoo:
                model.fc10.weight = model.fc1.weight  # tied: one parameter, two names
                model.embed = nn.Embedding(5, w)
                model.scale = nn.Parameter(torch.ones(w))  # a raw parameter of the model itself
                model.blocks = nn.ModuleDict(
                    {"a": ScaledLinear(w, w), "b": nn.Sequential(nn.Linear(w, w))}
                )
                model.frozen = nn.Linear(w, w)
                model.frozen.requires_grad_(False)
                model.plain_norm = nn.LayerNorm(w, elementwise_affine=False)
        return model

    def names(self) -> tuple:
        return self.NAMES + (self.ZOO_NAMES if self.zoo else ())

    def describe(self) -> str:
        norm = "BatchNorm1d" if self.norm == "batch" else "LayerNorm"
        zoo = (
            (
                "; fc10.weight tied to fc1.weight, embed = Embedding, scale = Parameter, "
                "blocks = ModuleDict(a=subclass of Linear, b=Sequential(Linear)), "
                "frozen = Linear with requires_grad=False, plain_norm = LayerNorm without affine"
            )
            if self.zoo
            else ""
        )
        return (
            f"a model with features = Sequential(Linear, {norm}, ReLU, Linear), fc1, fc10, "
            f"head = Sequential(Sequential(Linear)), width {self.width}{zoo}"
        )


@dataclass(frozen=True)
class Overrides:
    """A model and the overrides given for it: ((name, ((hyperparameter, value), ...)), ...)."""

    model: GroupModel
    items: tuple

    def as_dict(self) -> dict:
        return {name: dict(hyper) for name, hyper in self.items}

    def describe(self) -> str:
        return f"overrides = {self.as_dict()}; {self.model.describe()}"


@dataclass(frozen=True)
class InitModel:
    """A model with every kind of layer init_weights knows, nested at several depths, and some
    it must leave alone (Conv1d, Embedding). Sizes are large enough for sound statistics: every
    Linear weight has >= 400 entries, every Conv2d weight >= 288, with fan_out >= 4 * fan_in."""

    fan_in: int = 20
    fan_out: int = 20
    channels_in: int = 2
    channels_out: int = 16
    seed: int = 0

    def build(self) -> torch.nn.Module:
        nn = torch.nn
        a, b, ci, co = self.fan_in, self.fan_out, self.channels_in, self.channels_out
        with torch.random.fork_rng(devices=[]):
            seed_torch(self.seed)
            model = nn.Sequential(
                nn.Linear(a, b),
                nn.ReLU(),
                nn.Sequential(
                    nn.Conv2d(ci, co, 3), nn.BatchNorm2d(co), nn.Sequential(nn.Linear(b, a))
                ),
                nn.ModuleList([nn.LayerNorm(b), nn.BatchNorm1d(a), nn.Linear(a, b, bias=False)]),
                nn.Conv1d(ci, co, 3),
                nn.Embedding(5, 4),
                nn.ModuleDict(
                    {
                        "sub": ScaledLinear(b, a),
                        "conv": ScaledConv2d(ci, co, 3),
                        "frozen": nn.Linear(a, b),
                    }
                ),
                nn.Sequential(
                    nn.LayerNorm(a, elementwise_affine=False), nn.BatchNorm1d(b, affine=False)
                ),
            )
            model[6]["frozen"].requires_grad_(False)
            model.scale = nn.Parameter(torch.ones(3))  # a raw parameter: no layer owns it
            return model

    def describe(self) -> str:
        return (
            f"Sequential(Linear({self.fan_in}, {self.fan_out}), ReLU, "
            f"Sequential(Conv2d({self.channels_in}, "
            f"{self.channels_out}, 3), BatchNorm2d, Sequential(Linear)), "
            "ModuleList([LayerNorm, BatchNorm1d, "
            "Linear without bias]), Conv1d, Embedding, "
            "ModuleDict(sub=subclass of Linear, conv=subclass of Conv2d, "
            "frozen=Linear with requires_grad=False), "
            "Sequential(LayerNorm and BatchNorm1d without affine parameters)) "
            "with a raw Parameter `scale`"
        )


@dataclass(frozen=True)
class Schedule:
    """MultiStepLR arguments and an epoch."""

    base_lr: float
    milestones: tuple
    gamma: float
    epoch: int

    def describe(self) -> str:
        return (
            f"base_lr={self.base_lr}, milestones={list(self.milestones)}, "
            f"gamma={self.gamma}, epoch={self.epoch}"
        )


@dataclass(frozen=True)
class Regression:
    """A linear regression task in batches, a model built from a seed, and training settings."""

    d_in: int = 3
    d_out: int = 2
    batches: int = 2
    batch_size: int = 4
    epochs: int = 3
    lr: float = 0.05
    milestones: tuple = (1,)
    gamma: float = 0.5
    hidden: int = 0  # 0: one Linear layer; else Linear, ReLU, Linear
    dtype: torch.dtype = torch.float32
    seed: int = 0
    norm: bool = (
        False  # with hidden: Linear, BatchNorm1d (buffers: running statistics), ReLU, Linear
    )
    unequal: bool = False  # batch i holds batch_size + i rows (a last, short batch, say)

    def sizes(self) -> list[int]:
        return [self.batch_size + i * self.unequal for i in range(self.batches)]

    def data(self, device="cpu"):
        """[(x, y), ...]: y is a fixed linear map of x plus a little noise."""
        shapes = [(n, self.d_in) for n in self.sizes()] + [(self.d_in, self.d_out)]
        *xs, true_w = make_tensors(shapes, self.dtype, "normal", self.seed)
        return [(x.to(device), (x @ true_w).to(device)) for x in xs]

    def model(self, seed_offset: int = 0, device="cpu") -> torch.nn.Module:
        nn = torch.nn
        with torch.random.fork_rng(devices=[]):
            seed_torch(self.seed + seed_offset)
            if self.hidden and self.norm:
                model = nn.Sequential(
                    nn.Linear(self.d_in, self.hidden),
                    nn.BatchNorm1d(self.hidden),
                    nn.ReLU(),
                    nn.Linear(self.hidden, self.d_out),
                )
            elif self.hidden:
                model = nn.Sequential(
                    nn.Linear(self.d_in, self.hidden), nn.ReLU(), nn.Linear(self.hidden, self.d_out)
                )
            else:
                model = nn.Sequential(nn.Linear(self.d_in, self.d_out))
        return model.to(device=device, dtype=self.dtype)

    def describe(self) -> str:
        norm = ", BatchNorm1d" if self.norm and self.hidden else ""
        layers = (
            f"Linear({self.d_in}, {self.hidden}){norm}, ReLU, Linear({self.hidden}, {self.d_out})"
            if self.hidden
            else f"Linear({self.d_in}, {self.d_out})"
        )
        return (
            f"{layers}, {self.batches} batches of {'/'.join(map(str, self.sizes()))} rows, "
            f"{self.epochs} epochs, "
            f"lr={self.lr}, "
            f"milestones={list(self.milestones)}, gamma={self.gamma}, {dtype_name(self.dtype)}"
        )
