"""Wrong: initialize loops over model.named_modules() and skips the entry whose name is empty ("if name:"), which is the model itself."""

CAUGHT_BY = ["initialize_includes_the_model_itself"]


def initialize(model: nn.Module) -> nn.Module:
    for name, module in model.named_modules():
        if name:
            init_weights(module)
    return model
