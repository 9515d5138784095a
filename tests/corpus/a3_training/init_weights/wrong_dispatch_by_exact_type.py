"""Right: initialize walks model.named_modules() and init_weights dispatches through a dict of small functions keyed by class."""


def _linear(m):
    nn.init.xavier_uniform_(m.weight, gain=nn.init.calculate_gain("linear"))
    if m.bias is not None:
        nn.init.zeros_(m.bias)


def _conv2d(m):
    nn.init.kaiming_normal_(m.weight, a=0, mode="fan_out", nonlinearity="relu")
    if m.bias is not None:
        nn.init.zeros_(m.bias)


def _norm(m):
    nn.init.ones_(m.weight)
    nn.init.zeros_(m.bias)


INITIALISERS = {nn.Linear: _linear, nn.Conv2d: _conv2d, nn.BatchNorm1d: _norm, nn.BatchNorm2d: _norm, nn.LayerNorm: _norm}


def init_weights(m: nn.Module) -> None:
    fn = INITIALISERS.get(type(m))
    if fn is not None:
        fn(m)


def initialize(model: nn.Module) -> nn.Module:
    for _, module in model.named_modules():
        init_weights(module)
    return model
