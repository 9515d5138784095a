"""a2_modules / lenet: the convolutional network of the PyTorch tutorial.

A convolutional layer slides small learned filters over an image. `nn.Conv2d(C_in, C_out, k)`
takes `(N, C_in, H, W)` to `(N, C_out, H', W')`: each of its `C_out` filters looks at all
`C_in` channels through a k x k window. Without padding and with stride 1 the window fits
`H - k + 1` times across, so each side shrinks by `k - 1`. Max pooling by 2 keeps the largest
value of each 2 x 2 block: it halves each side, rounding down when the side is odd.

Before the linear layers, the feature maps are flattened into one vector per image, so the
input size of the first linear layer comes out of this arithmetic. For this network's
`(N, 1, 32, 32)` input the side goes 32 to 30 (3 x 3 conv), to 15 (pool), to 13 (3 x 3 conv),
to 6 (pool: 13 / 2 rounded down). With 16 channels that makes 16 * 6 * 6 = 576 features per
image, the input size of `fc1`. Get it wrong and the first call fails with a shape mismatch.

The same arithmetic on other sizes, checked by torch:

    >>> import torch
    >>> from torch import nn
    >>> import torch.nn.functional as F
    >>> conv = nn.Conv2d(3, 8, kernel_size=5)      # 3 channels in, 8 filters of 5 x 5
    >>> x = torch.zeros(4, 3, 28, 28)              # a batch of 4 images
    >>> conv(x).shape                              # 28 - 5 + 1 = 24
    torch.Size([4, 8, 24, 24])
    >>> F.max_pool2d(conv(x), 2).shape             # 24 / 2 = 12
    torch.Size([4, 8, 12, 12])
    >>> F.max_pool2d(torch.zeros(1, 1, 13, 13), 2).shape    # odd sides round down
    torch.Size([1, 1, 6, 6])
    >>> conv.weight.shape, conv.bias.shape         # 8 * 3 * 5 * 5 + 8 = 608 parameters
    (torch.Size([8, 3, 5, 5]), torch.Size([8]))

What to implement:

- `Net.__init__()`: the five layers `conv1`, `conv2`, `fc1`, `fc2`, `fc3`, with exactly these
  names and sizes: 81,194 parameters in all (`sum(p.numel() for p in net.parameters())`).
- `Net.forward(x)`: conv, ReLU and pool, twice; flatten; then the three linear layers with a
  ReLU after the first two and none after `fc3`. ReLU and pooling hold no weights, so they come
  from `torch` and `torch.nn.functional` rather than being attributes.
- `Net.num_flat_features(x)`: the product of all dimensions but the first, as a Python `int`,
  for any batch size, 0 included (so not `x.numel() // x.shape[0]`). Flatten with it, keeping
  the batch dimension: never hard-code the batch size.

Run the checks:  pytest exercises/a2_modules/test_lenet.py
"""

import torch
import torch.nn.functional as F
from torch import nn


class Net(nn.Module):
    """conv1 -> relu -> pool -> conv2 -> relu -> pool -> flatten -> fc1 -> relu -> fc2 -> relu
    -> fc3."""

    def __init__(self):
        """conv1 = nn.Conv2d(1, 6, 3), conv2 = nn.Conv2d(6, 16, 3),
        fc1 = nn.Linear(16 * 6 * 6, 120), fc2 = nn.Linear(120, 84), fc3 = nn.Linear(84, 10):
        81,194 parameters in all, in torch's default dtype and device."""
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
        """The product of all dimensions of x but the first (the batch), as a Python int, for
        any batch size, 0 included."""
        # TODO: multiply x.shape[1:] together.
        ### BEGIN SOLUTION
        count = 1
        for size in x.shape[1:]:
            count *= size
        return count
        ### END SOLUTION
