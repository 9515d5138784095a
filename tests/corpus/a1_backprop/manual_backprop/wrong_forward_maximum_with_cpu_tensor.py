"""Wrong: forward writes the ReLU as torch.maximum(x @ w1, torch.tensor([0.0])), a 1-element tensor made without device= (on a GPU it is on the CPU and the op fails)."""

import torch

CAUGHT_BY = ["works_on_any_device"]


def forward(x, w1, w2):
    return torch.maximum(x @ w1, torch.tensor([0.0])) @ w2
