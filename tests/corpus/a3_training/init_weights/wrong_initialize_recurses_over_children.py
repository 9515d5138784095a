"""Wrong: initialize recurses over model.children() (init_weights(child), then initialize(child)), which reaches every depth but never the model itself, so initialize(nn.Linear(...)) changes nothing."""

CAUGHT_BY = ["initialize_includes_the_model_itself"]


def initialize(model: nn.Module) -> nn.Module:
    for child in model.children():
        init_weights(child)
        initialize(child)
    return model
