"""Wrong (the contract: nn.Conv2d only, every other module untouched): the DCGAN idiom, type(m).__name__.find("Conv") != -1, matches nn.Conv1d as well, so its weight is drawn with Kaiming's law and its bias zeroed."""

CAUGHT_BY = ['other_modules_are_untouched']


def init_weights(m: nn.Module) -> None:
    classname = m.__class__.__name__
    if classname.find("Conv") != -1:
        nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif classname.find("Linear") != -1:
        nn.init.xavier_uniform_(m.weight)
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif classname.find("BatchNorm") != -1 or classname.find("LayerNorm") != -1:
        if m.weight is not None:
            nn.init.ones_(m.weight)
        if m.bias is not None:
            nn.init.zeros_(m.bias)
