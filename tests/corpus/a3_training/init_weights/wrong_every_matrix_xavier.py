"""Wrong (the contract: every other module untouched): instead of testing for nn.Linear, every module's own 2-D "weight" gets xavier_uniform_ (and its "bias" zeros), which also reinitialises an nn.Embedding's weight."""

CAUGHT_BY = ['other_modules_are_untouched']


def init_weights(m: nn.Module) -> None:
    if isinstance(m, nn.Conv2d):
        nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d, nn.LayerNorm)):
        if m.weight is not None:
            nn.init.ones_(m.weight)
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    else:
        weight = getattr(m, "weight", None)
        if isinstance(weight, nn.Parameter) and weight.dim() == 2:
            nn.init.xavier_uniform_(weight)
            if getattr(m, "bias", None) is not None:
                nn.init.zeros_(m.bias)
