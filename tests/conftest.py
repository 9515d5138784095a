import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/corpus.py

import torch  # noqa: E402

torch.set_num_threads(1)  # as the pytest plugin does for students: small tensors, reproducible sums
