"""Wrong (the contract: nn.Linear means any instance): exact type tests, type(m) in (...), instead of isinstance, so a subclass of nn.Linear or nn.Conv2d keeps its default initialisation."""

CAUGHT_BY = ['linear_weights_are_xavier_uniform', 'conv_weights_are_kaiming_normal_fan_out']


NORM_TYPES = (nn.BatchNorm1d, nn.BatchNorm2d, nn.LayerNorm)


def init_weights(m: nn.Module) -> None:
    if type(m) in (nn.Linear,):
        nn.init.xavier_uniform_(m.weight)
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif type(m) in (nn.Conv2d,):
        nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif type(m) in NORM_TYPES:
        nn.init.constant_(m.weight, 1.0)
        nn.init.constant_(m.bias, 0.0)
