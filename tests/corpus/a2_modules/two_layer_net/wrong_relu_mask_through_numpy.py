"""Wrong: the ReLU mask is computed in numpy, h * torch.from_numpy(h.detach().numpy() > 0): a round trip through the CPU (on a GPU .numpy() fails)."""

import numpy as np

CAUGHT_BY = ["works_on_any_device"]


class TwoLayerNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.linear1 = nn.Linear(D_in, H)
        self.linear2 = nn.Linear(H, D_out)

    def forward(self, x):
        h = self.linear1(x)
        mask = torch.from_numpy(np.greater(h.detach().numpy(), 0))
        return self.linear2(h * mask)
