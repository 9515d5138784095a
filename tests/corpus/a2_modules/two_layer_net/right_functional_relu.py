"""Right: the activation is torch.nn.functional.relu instead of torch.relu."""

import torch.nn.functional as F


class TwoLayerNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.linear1 = nn.Linear(D_in, H)
        self.linear2 = nn.Linear(H, D_out)

    def forward(self, x):
        h = F.relu(self.linear1(x))
        return self.linear2(h)
