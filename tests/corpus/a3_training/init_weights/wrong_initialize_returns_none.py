"""Wrong: initialize applies init_weights but returns None instead of the model."""

CAUGHT_BY = ["initialize_returns_the_model"]


def initialize(model: nn.Module) -> nn.Module:
    model.apply(init_weights)
