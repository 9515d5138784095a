"""Wrong: forward leaves out the ReLU, so the network is just x @ w1 @ w2."""

CAUGHT_BY = ["forward_matches_torch"]


def forward(x, w1, w2):
    return x @ w1 @ w2
