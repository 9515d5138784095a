"""Wrong: initialize loops over model.children(), so modules nested in Sequential and ModuleList are never initialised."""

CAUGHT_BY = ["initialize_reaches_every_depth"]


def initialize(model: nn.Module) -> nn.Module:
    for child in model.children():
        init_weights(child)
    return model
