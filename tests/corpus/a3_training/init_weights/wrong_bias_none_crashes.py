"""Wrong: the bias is zeroed without checking it exists, so nn.Linear(bias=False) makes zeros_(None) crash."""

CAUGHT_BY = [
    "linear_weights_are_xavier_uniform",
    "conv_weights_are_kaiming_normal_fan_out",
    "biases_are_zero",
    "norm_layers_are_ones_and_zeros",
    "other_modules_are_untouched",
    "initialize_reaches_every_depth",
    "initialize_returns_the_model",
]


def init_weights(m: nn.Module) -> None:
    if isinstance(m, nn.Linear):
        nn.init.xavier_uniform_(m.weight)
        nn.init.zeros_(m.bias)
    elif isinstance(m, nn.Conv2d):
        nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
        nn.init.zeros_(m.bias)
    elif isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d, nn.LayerNorm)):
        nn.init.ones_(m.weight)
        nn.init.zeros_(m.bias)
