"""Grader for a2_modules/lenet.py: the tutorial's LeNet, its shapes and its parameter count."""

import math

from graders import problems as pb
from graders.checks import devices, modules
from graders.checks import references as ref
from graders.checks import strategies as st
from graders.checks.scoring import check
from graders.errors import CheckFailed
from graders.feedback import kind
from graders.inside.probes.a2_modules import lenet as probes

# Every other check builds a Net from these layers: when they are wrong, fix them first.
FOUNDATION = ("has_the_five_layers",)

NET = pb.lenet_case(1)  # what the structure checks build: Net() takes no arguments
CORNERS = [{"case": NET}, {"case": pb.lenet_case(2, last_bias=-10.0)}]
LAYERS = {
    "conv1": ("Conv2d", dict(in_channels=1, out_channels=6, kernel_size=[3, 3])),
    "conv2": ("Conv2d", dict(in_channels=6, out_channels=16, kernel_size=[3, 3])),
    "fc1": ("Linear", dict(in_features=576, out_features=120)),
    "fc2": ("Linear", dict(in_features=120, out_features=84)),
    "fc3": ("Linear", dict(in_features=84, out_features=10)),
}


@check(
    tests="Net",
    hint=(
        "conv1 = nn.Conv2d(1, 6, 3), ..., fc1 = nn.Linear(16 * 6 * 6, 120): 32 -> 30 -> 15 "
        "-> 13 -> 6."
    ),
)
def has_the_five_layers(sub):
    """Net() has conv1 = Conv2d(1, 6, 3), conv2 = Conv2d(6, 16, 3), fc1 = Linear(576, 120),
    fc2 = Linear(120, 84), fc3 = Linear(84, 10)."""
    for attribute, (layer_kind, sizes) in LAYERS.items():
        modules.expect_layer(sub, NET, attribute, layer_kind, **sizes)


@check(tests="Net", hint="Every layer assigned to self in __init__; no extra layers.")
def has_81194_parameters(sub):
    """Net() registers exactly the parameters of its five layers: 81,194 numbers in all."""
    got = modules.expect_parameters(sub, NET)
    if got["count"] != 81194:
        raise CheckFailed(f"Net() has {got['count']:,} parameters, expected 81,194.")


@check(
    tests="Net",
    hint="Layers assigned to self in __init__ are registered and move with .to().",
)
def to_moves_every_parameter(sub):
    """.to(torch.float64) (and .to(device)) moves every parameter of the network."""
    modules.expect_moves_with_to(sub, NET, sub.device)


@check(tests="Net", case=st.lenets(), examples=3, hint=modules.PLAIN_HINT)
def plain_constructor_uses_default_dtype(sub, case):
    """Net(...) built with its plain constructor holds torch's default dtype (float32) on the
    CPU, as nn.Linear does, and gives a float32 output for a float32 input."""
    modules.expect_plain_defaults(sub, case.cls, case.args, case.input_shape)


@check(
    tests="Net",
    case=st.lenets(),
    corners=CORNERS,
    examples=8,
    hint=(
        "relu then max_pool2d(., 2) after each conv; flatten to (N, 576); relu after fc1 and fc2 "
        "but not fc3."
    ),
)
def forward_matches_functional_reference(sub, case):
    """forward(x) for x of shape (N, 1, 32, 32) equals the functional LeNet on the module's own
    parameters, of shape (N, 10)."""
    modules.expect_forward(sub, case, ref.lenet)


@check(
    needs=("forward_matches_functional_reference",),
    tests="Net",
    case=st.lenets(),
    examples=8,
    hint=(
        "Flatten with x.reshape(x.shape[0], -1) (or x.flatten(1)), never x.view(-1) or a fixed "
        "batch size."
    ),
)
def a_batch_gives_the_rows_of_single_images(sub, case):
    """A batch of N images gives the same rows as N batches of one image."""
    modules.expect_rows_independent(sub, case)


@check(
    tests="Net.num_flat_features",
    shape=st.shapes(2, 5),
    corners=[{"shape": (0, 16, 6, 6)}, {"shape": (0, 3)}],  # an empty batch
    hint=(
        "Multiply the sizes of x.shape[1:] (math.prod(x.shape[1:])), and return a Python int: "
        "x.numel() // x.size(0) fails on an empty batch."
    ),
)
def num_flat_features_is_the_product_of_non_batch_sizes(sub, shape):
    """num_flat_features(x) returns the product of all sizes of x but the first, as an int, for
    any batch size, 0 included."""
    got = sub.run(probes.run_num_flat_features, shape)
    if type(got) is not int or got != math.prod(shape[1:]):
        raise CheckFailed(
            f"num_flat_features of a tensor of shape {shape} returned {got!r} ({kind(got)}), "
            f"expected {math.prod(shape[1:])}."
        )


@check(tests="Net", case=st.lenets(), examples=5, hint="Avoid in-place operations on x.")
def forward_leaves_input_unchanged(sub, case):
    """forward(x) leaves x as it was."""
    modules.expect_input_unchanged(sub, case)


@check(tests="Net", case=st.lenets(), examples=3, hint=devices.HINT)
def works_on_any_device(sub, case):
    """Net moved to another device computes there: nothing goes through the CPU and no tensor is
    made without device=."""
    modules.expect_on_any_device(sub, case)
