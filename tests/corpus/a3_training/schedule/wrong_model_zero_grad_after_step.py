"""Wrong: the inner loop runs forward, backward, optimizer.step(), then model.zero_grad(): every later step is clean, but gradients left on the model before train is called are added into the first batch's and reach the first step."""

CAUGHT_BY = ["stale_gradients_never_reach_a_step"]


def train(model, loss_fn, optimizer, batches, epochs: int, scheduler=None) -> list[float]:
    means = []
    for _ in range(epochs):
        total = 0.0
        for x, y in batches:
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            model.zero_grad()
            total += loss.item()
        if scheduler is not None:
            scheduler.step()
        means.append(total / len(batches))
    return means
