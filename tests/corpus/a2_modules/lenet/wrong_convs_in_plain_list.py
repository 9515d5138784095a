"""Wrong: keeps the convolutions in a plain Python list (self.convs = [...]) instead of attributes conv1 and conv2, so nn.Module never registers them: they are missing from parameters(), state_dict() and .to()."""

CAUGHT_BY = [
    "has_the_five_layers",
    "has_81194_parameters",
    "to_moves_every_parameter",
    "forward_matches_functional_reference",
    "a_batch_gives_the_rows_of_single_images",
    "forward_leaves_input_unchanged",
]


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.convs = [nn.Conv2d(1, 6, 3), nn.Conv2d(6, 16, 3)]
        self.fc1 = nn.Linear(16 * 6 * 6, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        for conv in self.convs:
            x = F.max_pool2d(torch.relu(conv(x)), 2)
        x = x.reshape(x.shape[0], self.num_flat_features(x))
        x = torch.relu(self.fc1(x))
        x = torch.relu(self.fc2(x))
        return self.fc3(x)

    def num_flat_features(self, x):
        count = 1
        for size in x.shape[1:]:
            count *= size
        return count
