"""Wrong (the contract: called on a container, init_weights leaves the layers inside it alone; apply visits them): init_weights loops over m.modules() so that it also works when called on a whole model, which makes model.apply initialise every layer once per enclosing module and init_weights(container) reach inside."""

CAUGHT_BY = ['called_on_a_container_it_leaves_the_layers_inside_alone']


def init_weights(m: nn.Module) -> None:
    for layer in m.modules():
        if isinstance(layer, nn.Linear):
            nn.init.xavier_uniform_(layer.weight)
            if layer.bias is not None:
                nn.init.zeros_(layer.bias)
        elif isinstance(layer, nn.Conv2d):
            nn.init.kaiming_normal_(layer.weight, mode="fan_out", nonlinearity="relu")
            if layer.bias is not None:
                nn.init.zeros_(layer.bias)
        elif isinstance(layer, (nn.BatchNorm1d, nn.BatchNorm2d, nn.LayerNorm)):
            if layer.weight is not None:
                nn.init.ones_(layer.weight)
            if layer.bias is not None:
                nn.init.zeros_(layer.bias)
