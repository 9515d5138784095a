"""Wrong: my_relu calls MyReLUFunction.forward(None, x) directly instead of MyReLUFunction.apply(x)."""

CAUGHT_BY = [
    "values_equal_torch_relu",
    "output_comes_from_the_custom_function",
    "backward_masks_the_upstream_gradient",
    "module_uses_my_relu",
    "without_inplace_the_input_is_untouched",
]


def my_relu(x):
    return MyReLUFunction.forward(None, x)
