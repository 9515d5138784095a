"""Wrong: optimizer.zero_grad() runs before every batch but the very first ("a fresh model has no gradients yet"), so gradients left on the model before train is called reach the first step."""

CAUGHT_BY = ["stale_gradients_never_reach_a_step"]


def train(model, loss_fn, optimizer, batches, epochs: int, scheduler=None) -> list[float]:
    means = []
    first = True
    for _ in range(epochs):
        total = 0.0
        for x, y in batches:
            if not first:
                optimizer.zero_grad()
            first = False
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item()
        if scheduler is not None:
            scheduler.step()
        means.append(total / len(batches))
    return means
