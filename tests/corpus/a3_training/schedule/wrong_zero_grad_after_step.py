"""Right: optimizer.zero_grad(set_to_none=False) comes right after step(); the first batch starts with no gradients (a fresh model), so every step still sees only its own batch's gradient."""


def train(model, loss_fn, optimizer, batches, epochs: int, scheduler=None) -> list[float]:
    means = []
    for _ in range(epochs):
        losses = []
        for x, y in batches:
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad(set_to_none=False)
            losses.append(loss.item())
        if scheduler is not None:
            scheduler.step()
        means.append(sum(losses) / len(losses))
    return means
