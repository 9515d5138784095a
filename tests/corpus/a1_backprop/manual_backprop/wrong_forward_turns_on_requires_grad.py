"""Wrong: forward switches on requires_grad for w1 and w2 "so the graph is recorded", changing the caller's tensors (and train_manual's in-place update then fails)."""

CAUGHT_BY = ["forward_matches_torch", "train_manual_updates_weights_in_place"]


def forward(x, w1, w2):
    w1.requires_grad_()
    w2.requires_grad_()
    return (x @ w1).clamp(min=0) @ w2
