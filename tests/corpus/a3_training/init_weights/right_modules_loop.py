"""Right: initialize loops over model.modules() (every depth) instead of calling model.apply."""


def initialize(model: nn.Module) -> nn.Module:
    for module in model.modules():
        init_weights(module)
    return model
