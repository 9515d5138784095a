"""Wrong: initialize calls child.apply(init_weights) for each of model.children(): every submodule at every depth is reached, but the model itself is not, so a bare nn.Linear stays as it was."""

CAUGHT_BY = ["initialize_includes_the_model_itself"]


def initialize(model: nn.Module) -> nn.Module:
    for child in model.children():
        child.apply(init_weights)
    return model
