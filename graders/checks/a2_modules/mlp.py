"""Grader for a2_modules/mlp.py: an MLP built from a list of sizes, held in an nn.ModuleList."""

from hypothesis import strategies as hst

from graders import problems as pb
from graders.checks import devices, modules
from graders.checks import references as ref
from graders.checks import strategies as st
from graders.checks.scoring import check
from graders.errors import CheckFailed
from graders.inside.probes.a2_modules import mlp as probes

# Every other check builds an MLP from these layers: when they are wrong, fix them first.
FOUNDATION = ("layers_live_in_a_module_list",)

CORNERS = [
    {"case": pb.mlp_case(1, [3, 2])},  # a single layer: no ReLU at all
    {"case": pb.mlp_case(3, [2, 4, 4, 3], last_bias=-10.0)},  # every output negative
    {"case": pb.mlp_case(2, [4, 3, 5, 2, 3, 1])},  # six sizes
]
LIST_HINT = (
    "self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in pairwise(sizes)). A plain Python "
    "list hides the layers from parameters(), state_dict(), .to() and optimizers."
)

# --- checks --------------------------------------------------------------------------------


@check(tests="MLP", case=st.mlps(), hint=LIST_HINT)
def layers_live_in_a_module_list(sub, case):
    """MLP(sizes).layers is an nn.ModuleList of nn.Linear(a, b), one for each consecutive pair of
    sizes."""
    (sizes,) = case.args
    got = sub.run(probes.run_layers, sizes)
    if got["type"] != "ModuleList":
        raise CheckFailed(f"MLP({sizes}).layers is a {got['type']}, expected an nn.ModuleList.")
    expected = [["Linear", a, b] for a, b in zip(sizes, sizes[1:])]
    if got["layers"] != expected:
        shown = ", ".join(f"{t}({a}, {b})" for t, a, b in got["layers"])
        raise CheckFailed(
            f"MLP({sizes}).layers holds [{shown}], expected {len(expected)} Linear layers of "
            f"sizes {list(zip(sizes, sizes[1:]))}."
        )


@check(tests="MLP", case=st.mlps(), hint=LIST_HINT)
def parameters_are_registered(sub, case):
    """named_parameters() and state_dict() list layers.0.weight, layers.0.bias, ... for every
    layer."""
    modules.expect_parameters(sub, case)


@check(tests="MLP", case=st.mlps(), hint=LIST_HINT)
def to_moves_every_parameter(sub, case):
    """.to(torch.float64) (and .to(device)) moves the parameters of every layer."""
    modules.expect_moves_with_to(sub, case, sub.device)


@check(
    tests="MLP",
    sizes=hst.lists(st.sizes(), min_size=2, max_size=5),
    kind=hst.sampled_from(["tuple", "range"]),
    hint=(
        "sizes is any sequence: a list, a tuple or a range. Read it with indexing, zip or "
        "itertools.pairwise (or list(sizes) first); a list's own methods (.copy(), + [...], "
        ".pop()) fail on the others."
    ),
)
def sizes_may_be_any_sequence(sub, sizes, kind):
    """MLP(sizes) accepts any sequence of sizes: a tuple or a range builds the same layers as the
    list."""
    if kind == "range":
        sizes = list(range(sizes[0], sizes[0] + len(sizes)))
    given = f"tuple({sizes})" if kind == "tuple" else f"range({sizes[0]}, {sizes[-1] + 1})"
    got = sub.run(probes.run_sequence, sizes, kind)
    expected = [
        [f"layers.{i}.{what}", shape]
        for i, (a, b) in enumerate(zip(sizes, sizes[1:]))
        for what, shape in (("weight", [b, a]), ("bias", [b]))
    ]
    if [list(p) for p in got] != expected:
        shown = ", ".join(f"{n} {tuple(s)}" for n, s in got) or "nothing"
        raise CheckFailed(f"MLP({given}) has parameters [{shown}], not those of MLP({sizes}).")


@check(tests="MLP", case=st.mlps(), examples=3, hint=modules.PLAIN_HINT)
def plain_constructor_uses_default_dtype(sub, case):
    """MLP(...) built with its plain constructor holds torch's default dtype (float32) on the
    CPU, as nn.Linear does, and gives a float32 output for a float32 input."""
    modules.expect_plain_defaults(sub, case.cls, case.args, case.input_shape)


@check(
    tests="MLP",
    case=st.mlps(),
    corners=CORNERS,
    hint="A ReLU after every layer but the last; the last layer's output is returned as it is.",
)
def forward_matches_functional_reference(sub, case):
    """forward(x) applies the layers in order with ReLU between them and none after the last, on the
    module's own parameters."""
    modules.expect_forward(sub, case, ref.mlp)


@check(
    tests="MLP",
    sizes=hst.lists(st.sizes(), max_size=1),
    hint="Check len(sizes) < 2 at the start of __init__ and raise ValueError.",
)
def fewer_than_two_sizes_raise_value_error(sub, sizes):
    """MLP(sizes) with fewer than two sizes raises ValueError."""
    got = sub.run(probes.run_too_few, sizes)
    if got != "ValueError":
        raise CheckFailed(
            f"MLP({sizes}) {'built a network' if got == 'returned' else 'raised ' + got} "
            "instead of raising ValueError."
        )


@check(
    needs=("forward_matches_functional_reference",),
    tests="MLP",
    case=st.mlps(),
    hint="Compute each row from that row only.",
)
def rows_do_not_influence_each_other(sub, case):
    """Each row of forward(x) depends only on the same row of x."""
    modules.expect_rows_independent(sub, case)


@check(
    tests="MLP",
    case=st.mlps(),
    hint="Avoid in-place operations on x (x.relu_(), x += ...).",
)
def forward_leaves_input_unchanged(sub, case):
    """forward(x) leaves x as it was."""
    modules.expect_input_unchanged(sub, case)


@check(tests="MLP", case=st.mlps(), examples=3, hint=devices.HINT)
def works_on_any_device(sub, case):
    """MLP moved to another device computes there: nothing goes through the CPU and no tensor is
    made without device=."""
    modules.expect_on_any_device(sub, case)
