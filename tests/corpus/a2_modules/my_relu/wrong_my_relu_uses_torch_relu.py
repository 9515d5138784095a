"""Wrong: my_relu returns torch.relu(x), so autograd never uses MyReLUFunction's backward."""

CAUGHT_BY = ["output_comes_from_the_custom_function", "backward_masks_the_upstream_gradient", "module_uses_my_relu"]


def my_relu(x):
    return torch.relu(x)
