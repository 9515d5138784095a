"""Grader for a2_modules/mlp.py: an MLP built from a list of sizes, held in an nn.ModuleList."""

from hypothesis import strategies as hst

from graders import devices, modules
from graders import problems as pb
from graders import references as ref
from graders import strategies as st
from graders.feedback import CheckFailed
from graders.probes.a2_modules import mlp as probes
from graders.scoring import check

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


@check(tests="MLP", points=1, case=st.mlps(), hint=LIST_HINT)
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


@check(tests="MLP", points=1, case=st.mlps(), hint=LIST_HINT)
def parameters_are_registered(sub, case):
    """named_parameters() and state_dict() list layers.0.weight, layers.0.bias, ... for every
    layer."""
    modules.expect_parameters(sub, case)


@check(tests="MLP", points=1, case=st.mlps(), hint=LIST_HINT)
def to_moves_every_parameter(sub, case):
    """.to(torch.float64) (and .to(device)) moves the parameters of every layer."""
    modules.expect_moves_with_to(sub, case, sub.device)


@check(
    tests="MLP",
    points=3,
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
    points=1,
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
    points=1,
    case=st.mlps(),
    hint="Compute each row from that row only.",
)
def rows_do_not_influence_each_other(sub, case):
    """Each row of forward(x) depends only on the same row of x."""
    modules.expect_rows_independent(sub, case)


@check(
    tests="MLP",
    points=1,
    case=st.mlps(),
    hint="Avoid in-place operations on x (x.relu_(), x += ...).",
)
def forward_leaves_input_unchanged(sub, case):
    """forward(x) leaves x as it was."""
    modules.expect_input_unchanged(sub, case)


@check(tests="MLP", points=1, case=st.mlps(), examples=3, hint=devices.HINT)
def works_on_any_device(sub, case):
    """MLP moved to another device computes there: nothing goes through the CPU and no tensor is
    made without device=."""
    modules.expect_on_any_device(sub, case)
