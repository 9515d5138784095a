"""Right: initialize calls model.apply(init_weights) as a statement and returns model explicitly."""


def initialize(model: nn.Module) -> nn.Module:
    model.apply(init_weights)
    return model
