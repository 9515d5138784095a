"""Wrong: nn.Conv2d weights use kaiming_normal_ with the default mode="fan_in", so the variance is 2 / fan_in instead of 2 / fan_out."""

CAUGHT_BY = ["conv_weights_are_kaiming_normal_fan_out", "initialize_reaches_every_depth"]


def init_weights(m: nn.Module) -> None:
    if isinstance(m, nn.Linear):
        nn.init.xavier_uniform_(m.weight)
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif isinstance(m, nn.Conv2d):
        nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d, nn.LayerNorm)):
        nn.init.ones_(m.weight)
        nn.init.zeros_(m.bias)
