"""Wrong (the contract: a norm layer without affine parameters is left alone, LayerNorm included): the norm branch tests m.affine, which BatchNorm has but nn.LayerNorm does not (it has elementwise_affine), so every LayerNorm raises AttributeError."""

CAUGHT_BY = ['norm_layers_are_ones_and_zeros']


def init_weights(m: nn.Module) -> None:
    if isinstance(m, nn.Linear):
        nn.init.xavier_uniform_(m.weight)
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif isinstance(m, nn.Conv2d):
        nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d, nn.LayerNorm)):
        if m.affine:
            nn.init.ones_(m.weight)
            nn.init.zeros_(m.bias)
