"""Wrong: initialize loops over list(model.modules())[1:], skipping the first entry ("that is only the container"), which is the model itself: a model that is a single layer is never initialised."""

CAUGHT_BY = ["initialize_includes_the_model_itself"]


def initialize(model: nn.Module) -> nn.Module:
    for module in list(model.modules())[1:]:
        init_weights(module)
    return model
