"""a2_modules / lenet: the convolutional network of the PyTorch tutorial.

For a (N, 1, 32, 32) image: a 3x3 convolution gives 30x30, max pooling by 2 gives 15x15;
another 3x3 convolution gives 13x13, pooling gives 6x6 (the floor of 13 / 2). With 16
channels that is 16 * 6 * 6 = 576 features per image, the input size of fc1.

Run the checks:  pytest exercises/a2_modules/test_lenet.py
"""

import torch
import torch.nn.functional as F
from torch import nn


class Net(nn.Module):
    """conv1 -> relu -> pool -> conv2 -> relu -> pool -> flatten -> fc1 -> relu -> fc2 -> relu -> fc3."""

    def __init__(self):
        """conv1 = nn.Conv2d(1, 6, 3), conv2 = nn.Conv2d(6, 16, 3), fc1 = nn.Linear(16 * 6 * 6, 120),
        fc2 = nn.Linear(120, 84), fc3 = nn.Linear(84, 10): 81,194 parameters in all."""
        super().__init__()
        # TODO: the five layers, with exactly these names.
        ### BEGIN SOLUTION
        self.conv1 = nn.Conv2d(1, 6, 3)
        self.conv2 = nn.Conv2d(6, 16, 3)
        self.fc1 = nn.Linear(16 * 6 * 6, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)
        ### END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(N, 1, 32, 32) -> (N, 10): max_pool2d(relu(conv1(x)), 2), max_pool2d(relu(conv2(.)), 2),
        flatten to (N, 576), relu(fc1), relu(fc2), fc3 (no ReLU on the logits)."""
        # TODO: use F.max_pool2d, torch.relu and self.num_flat_features to flatten.
        ### BEGIN SOLUTION
        x = F.max_pool2d(torch.relu(self.conv1(x)), 2)
        x = F.max_pool2d(torch.relu(self.conv2(x)), 2)
        x = x.reshape(x.shape[0], self.num_flat_features(x))
        x = torch.relu(self.fc1(x))
        x = torch.relu(self.fc2(x))
        return self.fc3(x)
        ### END SOLUTION

    def num_flat_features(self, x: torch.Tensor) -> int:
        """The product of all dimensions of x but the first (the batch), as a Python int."""
        # TODO: multiply x.shape[1:] together.
        ### BEGIN SOLUTION
        count = 1
        for size in x.shape[1:]:
            count *= size
        return count
        ### END SOLUTION
