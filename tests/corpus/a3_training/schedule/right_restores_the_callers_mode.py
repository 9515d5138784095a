"""Right: train switches the model to training mode for the loop and afterwards gives it back in the mode it came in, calling model.eval() if it came in eval mode (nn.Module.eval, not the builtin eval)."""


def train(model, loss_fn, optimizer, batches, epochs: int, scheduler=None) -> list[float]:
    was_training = model.training
    model.train()
    means = []
    for _ in range(epochs):
        total = 0.0
        for x, y in batches:
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item()
        if scheduler is not None:
            scheduler.step()
        means.append(total / len(batches))
    if not was_training:
        model.eval()
    return means
