"""Wrong: forward calls x.requires_grad_() on the caller's input "so gradients reach it", changing the tensor it was given."""

CAUGHT_BY = ["forward_leaves_input_unchanged"]


class TwoLayerNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.linear1 = nn.Linear(D_in, H)
        self.linear2 = nn.Linear(H, D_out)

    def forward(self, x):
        x.requires_grad_()
        return self.linear2(torch.relu(self.linear1(x)))
