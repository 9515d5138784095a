"""Right: a table of (classes, initialiser) pairs scanned with isinstance, so subclasses match; each initialiser reads weight and bias with getattr(..., None) and skips what is missing; initialize returns what model.apply returns (the model)."""


def _linear(m):
    nn.init.xavier_uniform_(m.weight)


def _conv(m):
    nn.init.kaiming_normal_(m.weight, a=0, mode="fan_out", nonlinearity="relu")


def _norm(m):
    if getattr(m, "weight", None) is not None:
        nn.init.constant_(m.weight, 1.0)


INITIALISERS = (
    (nn.Linear, _linear),
    (nn.Conv2d, _conv),
    ((nn.BatchNorm1d, nn.BatchNorm2d, nn.LayerNorm), _norm),
)


def init_weights(m: nn.Module) -> None:
    for classes, initialiser in INITIALISERS:
        if isinstance(m, classes):
            initialiser(m)
            bias = getattr(m, "bias", None)
            if bias is not None:
                nn.init.constant_(bias, 0.0)
            return


def initialize(model: nn.Module) -> nn.Module:
    initialised = model.apply(init_weights)
    return initialised
