"""Wrong: sgd_step_ turns the learning rate into torch.tensor([lr], dtype=p.dtype), a 1-element tensor made without device=, so on a GPU the update mixes devices and fails."""

CAUGHT_BY = ["sgd_step_works_on_any_device"]


def sgd_step_(params, lr):
    with torch.no_grad():
        for p in params:
            if p.grad is not None:
                p -= torch.tensor([lr], dtype=p.dtype) * p.grad
                p.grad = None
