"""Wrong (the contract: a norm layer gets weight ones and bias zeros, its running statistics left alone): norm layers are initialised with m.reset_parameters(), which for BatchNorm also resets running_mean, running_var and num_batches_tracked (and does so even without affine parameters)."""

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
        m.reset_parameters()  # weight 1, bias 0
