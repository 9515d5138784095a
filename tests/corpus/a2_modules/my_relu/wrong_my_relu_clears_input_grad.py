"""Wrong: my_relu sets x.grad = None before applying the Function "so that gradients do not accumulate": a caller's gradient from an earlier backward is thrown away (the contract: not their .grad)."""

CAUGHT_BY = ["without_inplace_the_input_is_untouched"]


def my_relu(x):
    x.grad = None
    return MyReLUFunction.apply(x)
