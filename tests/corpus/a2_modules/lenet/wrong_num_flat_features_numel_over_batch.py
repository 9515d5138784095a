"""Wrong: num_flat_features divides x.numel() by the batch size x.size(0), which raises ZeroDivisionError for an empty batch (the contract: any batch size, 0 included)."""

CAUGHT_BY = ["num_flat_features_is_the_product_of_non_batch_sizes"]


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 3)
        self.conv2 = nn.Conv2d(6, 16, 3)
        self.fc1 = nn.Linear(16 * 6 * 6, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(torch.relu(self.conv1(x)), 2)
        x = F.max_pool2d(torch.relu(self.conv2(x)), 2)
        x = x.reshape(x.shape[0], self.num_flat_features(x))
        x = torch.relu(self.fc1(x))
        x = torch.relu(self.fc2(x))
        return self.fc3(x)

    def num_flat_features(self, x):
        return x.numel() // x.size(0)
