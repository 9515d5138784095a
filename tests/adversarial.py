"""The adversarial corpus: submissions that attack the grader instead of solving the exercise.

Each attack replaces a1_backprop/manual_backprop.py of an otherwise complete submission (its
other exercises are the reference solutions, so they must keep full marks). None of them
solves the exercise: without the cheat each would score 0, so with it each must score 0 too.
`{canary}` in a source is replaced by a path outside the submission that must never appear,
`{kit}` by the kit's folder, `{port}` by a port the test listens on.

`NEEDS_NAMESPACES` lists the attacks that only the "namespaces" sandbox level stops (reading or
writing the grader's files, its environment, the network, signalling the grader's processes);
at the "rlimits" level their tests are skipped, with the reason.
"""

from __future__ import annotations

ATTACKS = {
    # -- the process ----------------------------------------------------------------------------
    "crash_at_import": "raise RuntimeError('no')\n",
    "sys_exit_at_import": "import sys\nsys.exit(0)\n",
    "os_exit_at_import": "import os\nos._exit(0)\n",
    "sys_exit_in_function": "import sys\n\ndef forward(x, w1, w2):\n    sys.exit(0)\n",
    "os_exit_in_function": "import os\n\ndef forward(x, w1, w2):\n    os._exit(0)\n",
    "segfault": "import ctypes\n\ndef forward(x, w1, w2):\n    return ctypes.string_at(0)\n",
    "busy_loop": "def forward(x, w1, w2):\n    while True:\n        pass\n",
    "sleep": "import time\n\ndef forward(x, w1, w2):\n    time.sleep(1000)\n",
    "slow_import": "import time\ntime.sleep(1000)\n",
    "memory_hog": "def forward(x, w1, w2):\n    return bytearray(64 * 2**30)\n",
    "fork_swarm": "import os\n\ndef forward(x, w1, w2):\n    while True:\n        try:\n            os.fork()\n        except OSError:\n            pass\n",
    "output_flood": "import sys\nfor _ in range(2000):\n    print('x' * 100_000)\n    sys.stderr.write('138/138\\n')\n",
    "background_thread_exits_later": "import os, threading, time\nthreading.Thread(target=lambda: (time.sleep(0.5), os._exit(0)), daemon=True).start()\n\ndef forward(x, w1, w2):\n    return x\n",
    # -- the verdict ----------------------------------------------------------------------------
    "patch_torch_comparisons": (
        "import torch\ntorch.equal = lambda *a, **k: True\ntorch.allclose = lambda *a, **k: True\n"
        "torch.testing.assert_close = lambda *a, **k: None\ntorch.Tensor.__eq__ = lambda *a: True\n\n"
        "def forward(x, w1, w2):\n    return torch.zeros(1)\n"
    ),
    "tensor_subclass_equal_to_everything": (
        "import torch\n\nclass Liar(torch.Tensor):\n    def __eq__(self, other):\n        return True\n\n"
        "def forward(x, w1, w2):\n    return torch.zeros(x.shape[0], w2.shape[1], dtype=x.dtype).as_subclass(Liar)\n"
    ),
    "object_equal_to_everything": (
        "class Anything:\n    def __eq__(self, other):\n        return True\n    def __getattr__(self, name):\n        return self\n"
        "    def __call__(self, *a, **k):\n        return self\n\ndef forward(x, w1, w2):\n    return Anything()\n"
    ),
    "nan": "import torch\n\ndef forward(x, w1, w2):\n    return torch.full((x.shape[0], w2.shape[1]), float('nan'), dtype=x.dtype)\n",
    "read_frames_and_heap": (
        "import gc, inspect, torch\n\ndef forward(x, w1, w2):\n    f = inspect.currentframe()\n    seen = []\n"
        "    while f:\n        seen += [v for v in f.f_locals.values() if isinstance(v, torch.Tensor)]\n        f = f.f_back\n"
        "    seen += [o for o in gc.get_objects() if isinstance(o, torch.Tensor)]\n"
        "    shape = (x.shape[0], w2.shape[1])\n    return next((t for t in seen if tuple(t.shape) == shape and t is not x), torch.zeros(shape))\n"
    ),
    "fake_score_on_stdout": "print('torchkata: 138/138 points')\nprint('{{\"score\": 138, \"max_score\": 138}}')\n",
    "write_results_files": (
        "import json, os\nfor path in ['{canary}', 'results.json', '../results.json', '/autograder/results/results.json']:\n"
        "    try:\n        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)\n"
        "        open(path, 'w').write(json.dumps({{'score': 138}}))\n    except OSError:\n        pass\n"
    ),
    "write_outside": (
        "import os\nfor path in ['{canary}', '{kit}/graders/evil.py', os.path.expanduser('~/../canary')]:\n"
        "    try:\n        open(path, 'w').write('pwned')\n    except OSError:\n        pass\n"
    ),
    "background_threads_keep_writing": (
        "import threading, time\n\ndef scribble():\n    while True:\n        try:\n            open('{canary}', 'a').write('x')\n"
        "        except OSError:\n            pass\n        time.sleep(0.01)\n\nthreading.Thread(target=scribble, daemon=True).start()\n"
    ),
    # -- what only the namespaces level stops ------------------------------------------------------
    "read_solutions": (
        "import os\nsource = open('{kit}/solutions/a1_backprop/manual_backprop.py').read()\nexec(source)\n"
    ),
    "import_solutions": "import sys\nsys.path.insert(0, '{kit}')\nfrom solutions.a1_backprop.manual_backprop import *  # noqa\n",
    "read_environment_secrets": (
        "import os\n\ndef forward(x, w1, w2):\n    found = dict(os.environ)\n    for pid in os.listdir('/proc'):\n"
        "        try:\n            found[pid] = open(f'/proc/{{pid}}/environ').read()\n        except OSError:\n            pass\n"
        "    raise ValueError(repr(found)[:100000])\n"
    ),
    "network": (
        "import socket\n\ndef forward(x, w1, w2):\n    s = socket.create_connection(('127.0.0.1', {port}), timeout=2)\n"
        "    s.sendall(b'pwned')\n    return x\n"
    ),
    "kill_the_grader": "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nos.kill(-1, signal.SIGKILL)\n",
}

# Files a submission ships next to its modules, hoping that something runs them.
SHIPPED = {
    "conftest.py": "open('{canary}', 'w').write('conftest ran')\n",
    "sitecustomize.py": "open('{canary}', 'w').write('sitecustomize ran')\n",
    "usercustomize.py": "open('{canary}', 'w').write('usercustomize ran')\n",
    "evil.pth": "import os; open('{canary}', 'w').write('pth ran')\n",
}

# Only the namespaces level stops these (at the rlimits level the worker runs as the grader's
# user, who can read and write the grader's files and signal its processes); at that level they
# are not even put in the batch.
NEEDS_NAMESPACES = {
    "read_solutions", "import_solutions", "read_environment_secrets", "network", "kill_the_grader",
    "write_results_files", "write_outside", "background_threads_keep_writing",
}
