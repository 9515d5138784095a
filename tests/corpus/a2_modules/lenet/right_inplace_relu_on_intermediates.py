"""Right: applies ReLU in place, but only to tensors forward created itself (conv and linear outputs), never to the input x."""


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 3)
        self.conv2 = nn.Conv2d(6, 16, 3)
        self.fc1 = nn.Linear(16 * 6 * 6, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(self.conv1(x).relu_(), 2)
        x = F.max_pool2d(self.conv2(x).relu_(), 2)
        x = x.view(x.size(0), -1)
        x = F.relu(self.fc1(x), inplace=True)
        x = F.relu(self.fc2(x), inplace=True)
        return self.fc3(x)

    def num_flat_features(self, x):
        count = 1
        for size in x.size()[1:]:
            count *= size
        return count
