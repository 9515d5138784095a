"""Wrong: train calls scheduler.step() without checking for None, so it crashes when no scheduler is given."""

CAUGHT_BY = ["works_without_a_scheduler"]


def train(model, loss_fn, optimizer, batches, epochs: int, scheduler=None) -> list[float]:
    means = []
    for _ in range(epochs):
        total = 0.0
        for x, y in batches:
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item()
        scheduler.step()
        means.append(total / len(batches))
    return means
