"""Wrong (the contract: every other module untouched): after the three cases, any other module's own 1-D parameters are taken for biases and zeroed, which wipes a raw nn.Parameter of the model (init_weights runs on the model itself too) and the bias of an nn.Conv1d."""

CAUGHT_BY = ['other_modules_are_untouched', 'called_on_a_container_it_leaves_the_layers_inside_alone']


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
        if m.weight is not None:
            nn.init.ones_(m.weight)
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    else:
        for p in m.parameters(recurse=False):
            if p.dim() == 1:
                nn.init.zeros_(p)
