"""Wrong: forward starts with x = x.cpu() "so it meets the weights", though the caller moves the model and the data together: on a GPU the input leaves the device and the layers fail."""

CAUGHT_BY = ["works_on_any_device"]


class TwoLayerNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.linear1 = nn.Linear(D_in, H)
        self.linear2 = nn.Linear(H, D_out)

    def forward(self, x):
        x = x.cpu()
        return self.linear2(torch.relu(self.linear1(x)))
