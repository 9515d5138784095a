"""Wrong: optimizer.zero_grad(set_to_none=False) comes right after step(), as in many tutorials: gradients left on the model before train reach the first step (the contract says to clear them before each backward)."""

CAUGHT_BY = ["stale_gradients_never_reach_a_step"]


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
