"""Wrong (the contract: the model is restored whole, buffers such as BatchNorm's statistics too): load_checkpoint copies the saved tensors into model.named_parameters() one by one, so the running mean, variance and batch count of a BatchNorm stay those of the fresh model."""

CAUGHT_BY = ["load_restores_the_model_it_is_given", "resuming_sgd_with_momentum_equals_uninterrupted_training"]


def load_checkpoint(path, model, optimizer) -> int:
    device = next(model.parameters()).device
    checkpoint = torch.load(path, map_location=device, weights_only=True)
    with torch.no_grad():
        for name, p in model.named_parameters():
            p.copy_(checkpoint["model"][name])
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epoch"]
