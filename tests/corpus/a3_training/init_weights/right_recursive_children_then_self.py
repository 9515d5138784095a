"""Right: initialize recurses over model.children() and then calls init_weights on the model itself, in the same post-order as Module.apply."""


def initialize(model: nn.Module) -> nn.Module:
    for child in model.children():
        initialize(child)
    init_weights(model)
    return model
