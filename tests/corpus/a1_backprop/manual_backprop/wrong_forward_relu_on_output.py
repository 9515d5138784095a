"""Wrong: forward also applies the ReLU to the output layer, so predictions can never be negative."""

import torch

CAUGHT_BY = ["forward_matches_torch"]


def forward(x, w1, w2):
    return torch.relu(torch.relu(x @ w1) @ w2)
