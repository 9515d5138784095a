"""Grader for a2_modules/two_layer_net.py: TwoLayerNet as an nn.Module."""

from graders import problems as pb
from graders.checks import devices, modules
from graders.checks import references as ref
from graders.checks import strategies as st
from graders.checks.scoring import check

# Every other check builds a TwoLayerNet from these layers: when they are wrong, fix them first.
FOUNDATION = ("has_two_linear_layers",)

CORNERS = [
    {"case": pb.two_layer_net_case(1, 3, 4, 2)},
    {"case": pb.two_layer_net_case(4, 2, 2, 3, last_bias=-10.0)},  # every output negative
]
REGISTER_HINT = (
    "Assign the layers to self in __init__ (self.linear1 = nn.Linear(D_in, H)), after "
    "super().__init__()."
)


@check(tests="TwoLayerNet", case=st.two_layer_nets(), hint=REGISTER_HINT)
def has_two_linear_layers(sub, case):
    """TwoLayerNet(D_in, H, D_out) has linear1 = nn.Linear(D_in, H) and
    linear2 = nn.Linear(H, D_out)."""
    d_in, h, d_out = case.args
    modules.expect_layer(sub, case, "linear1", "Linear", in_features=d_in, out_features=h)
    modules.expect_layer(sub, case, "linear2", "Linear", in_features=h, out_features=d_out)


@check(tests="TwoLayerNet", case=st.two_layer_nets(), hint=REGISTER_HINT)
def parameters_are_registered(sub, case):
    """named_parameters() and state_dict() list linear1.weight, linear1.bias, linear2.weight,
    linear2.bias with their shapes."""
    modules.expect_parameters(sub, case)


@check(tests="TwoLayerNet", case=st.two_layer_nets(), hint=REGISTER_HINT)
def to_moves_every_parameter(sub, case):
    """.to(torch.float64) (and .to(device)) moves every parameter of the module."""
    modules.expect_moves_with_to(sub, case, sub.device)


@check(tests="TwoLayerNet", case=st.two_layer_nets(), examples=3, hint=modules.PLAIN_HINT)
def plain_constructor_uses_default_dtype(sub, case):
    """TwoLayerNet(...) built with its plain constructor holds torch's default dtype (float32) on
    the CPU, as nn.Linear does, and gives a float32 output for a float32 input."""
    modules.expect_plain_defaults(sub, case.cls, case.args, case.input_shape)


@check(
    tests="TwoLayerNet",
    case=st.two_layer_nets(),
    corners=CORNERS,
    hint="linear2(relu(linear1(x))): one ReLU, between the layers, none on the output.",
)
def forward_matches_functional_reference(sub, case):
    """forward(x) equals linear2(relu(linear1(x))) computed with torch.nn.functional on the module's
    own parameters."""
    modules.expect_forward(sub, case, ref.two_layer_net)


@check(
    needs=("forward_matches_functional_reference",),
    tests="TwoLayerNet",
    case=st.two_layer_nets(),
    hint="Compute each row from that row only: no sums or statistics over the batch dimension.",
)
def rows_do_not_influence_each_other(sub, case):
    """Each row of forward(x) depends only on the same row of x."""
    modules.expect_rows_independent(sub, case)


@check(
    tests="TwoLayerNet",
    case=st.two_layer_nets(),
    hint="Avoid in-place operations on x (x.relu_(), x += ...).",
)
def forward_leaves_input_unchanged(sub, case):
    """forward(x) leaves x as it was."""
    modules.expect_input_unchanged(sub, case)


@check(tests="TwoLayerNet", case=st.two_layer_nets(), examples=3, hint=devices.HINT)
def works_on_any_device(sub, case):
    """TwoLayerNet moved to another device computes there: nothing goes through the CPU and no
    tensor is made without device=."""
    modules.expect_on_any_device(sub, case)
