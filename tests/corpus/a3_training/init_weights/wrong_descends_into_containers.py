"""Wrong (the contract: called on a container, init_weights leaves the layers inside it alone): init_weights handles nn.Sequential, nn.ModuleList and nn.ModuleDict itself by calling itself on their members, so init_weights(container) initialises the layers inside, which is apply's job."""

CAUGHT_BY = ['called_on_a_container_it_leaves_the_layers_inside_alone']


def init_weights(m: nn.Module) -> None:
    if isinstance(m, (nn.Sequential, nn.ModuleList)):
        for layer in m:
            init_weights(layer)
    elif isinstance(m, nn.ModuleDict):
        for layer in m.values():
            init_weights(layer)
    elif isinstance(m, nn.Linear):
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
