"""The adversarial corpus: submissions that attack the grader instead of solving the exercise.

Each attack is a complete submission (the reference solutions) whose a1_backprop/manual_backprop
(the victim) is replaced by the attack: a module's source (ATTACKS), or files laid out to fool
the grader (FILES: links, FIFOs, huge or deeply nested files). None of them solves the victim,
so each must score 0 on it, and the submission's other exercise keeps its full marks.

Placeholders in sources, filled in by the test: `{canary}` a path outside the submission that
must never appear, `{kit}` the kit's folder, `{port}` a port the test listens on, `{klass}` the
class folder, `{course}` an nbgrader course folder beside it, `{secret_file}` a file holding
the grader's secret, `{shm}` a file in /dev/shm that must survive. An attack that manages to
read something it must not raises `ValueError("LEAKED ...")`: the test looks for LEAKED in every
output.

`NEEDS_CONFINEMENT` lists the attacks that only a confined level (namespaces or landlock) stops:
reading or writing the grader's files, its environment, the network, signalling the grader's
processes. At the rlimits level their tests are skipped, with the reason.
"""

from __future__ import annotations

import os
from pathlib import Path

VICTIM = "a1_backprop/manual_backprop"

# Reads `path` and leaks what it read through the report (a readable target is a failed defence).
_LEAK = (
    "def forward(x, w1, w2):\n"
    "    data = open({path!r}, 'rb').read(300)\n"
    "    raise ValueError('LEAKED ' + repr(data))\n"
)

ATTACKS = {
    # -- the process ----------------------------------------------------------------------------
    "crash_at_import": "raise RuntimeError('no')\n",
    "sys_exit_at_import": "import sys\nsys.exit(0)\n",
    "os_exit_at_import": "import os\nos._exit(0)\n",
    "sys_exit_in_function": "import sys\n\ndef forward(x, w1, w2):\n    sys.exit(0)\n",
    "os_exit_in_function": "import os\n\ndef forward(x, w1, w2):\n    os._exit(0)\n",
    "segfault": "import faulthandler\n\ndef forward(x, w1, w2):\n    faulthandler._sigsegv()\n",
    "busy_loop": "def forward(x, w1, w2):\n    while True:\n        pass\n",
    "sleep": "import time\n\ndef forward(x, w1, w2):\n    time.sleep(1000)\n",
    "slow_import": "import time\ntime.sleep(1000)\n",
    "memory_hog": "def forward(x, w1, w2):\n    return bytearray(64 * 2**30)\n",
    "fork_swarm": (
        "import os\n\n"
        "def forward(x, w1, w2):\n"
        "    while True:\n"
        "        try:\n"
        "            os.fork()\n"
        "        except OSError:\n"
        "            pass\n"
    ),
    "output_flood": (
        "import sys\n"
        "for _ in range(2000):\n"
        "    print('x' * 100_000)\n"
        "    sys.stderr.write('138/138\\n')\n"
    ),
    "background_thread_exits_later": (
        "import os, threading, time\n"
        "threading.Thread(target=lambda: (time.sleep(0.5), os._exit(0)), daemon=True).start()\n\n"
        "def forward(x, w1, w2):\n"
        "    return x\n"
    ),
    "realtime_signal": (
        "import os, signal\n\n"
        "def forward(x, w1, w2):\n"
        "    os.kill(os.getpid(), signal.SIGRTMIN + 1)\n"
    ),
    # -- the verdict ----------------------------------------------------------------------------
    "patch_torch_comparisons": (
        "import torch\n"
        "torch.equal = lambda *a, **k: True\n"
        "torch.allclose = lambda *a, **k: True\n"
        "torch.testing.assert_close = lambda *a, **k: None\n"
        "torch.Tensor.__eq__ = lambda *a: True\n\n"
        "def forward(x, w1, w2):\n"
        "    return torch.zeros(1)\n"
    ),
    "tensor_subclass_equal_to_everything": (
        "import torch\n\n"
        "class Liar(torch.Tensor):\n"
        "    def __eq__(self, other):\n"
        "        return True\n\n"
        "def forward(x, w1, w2):\n"
        "    return torch.zeros(x.shape[0], w2.shape[1], dtype=x.dtype).as_subclass(Liar)\n"
    ),
    "object_equal_to_everything": (
        "class Anything:\n"
        "    def __eq__(self, other):\n"
        "        return True\n"
        "    def __getattr__(self, name):\n"
        "        return self\n"
        "    def __call__(self, *a, **k):\n"
        "        return self\n\n"
        "def forward(x, w1, w2):\n"
        "    return Anything()\n"
    ),
    "nan": (
        "import torch\n\n"
        "def forward(x, w1, w2):\n"
        "    return torch.full((x.shape[0], w2.shape[1]), float('nan'), dtype=x.dtype)\n"
    ),
    "huge_class_name": (
        "def forward(x, w1, w2):\n"
        "    raise type('X' * 8_000_000, (Exception,), {{}})('y' * 8_000_000)\n"
    ),
    "fake_score_on_stdout": (
        "print('torchkata: 138/138 points')\nprint('{{\"score\": 138, \"max_score\": 138}}')\n"
    ),
    # -- the grader's code in the worker (the source screen flags these) ---------------------------
    "read_frames_and_heap": (
        "import gc, inspect, torch\n\n"
        "def forward(x, w1, w2):\n"
        "    f = inspect.currentframe()\n"
        "    seen = []\n"
        "    while f:\n"
        "        seen += [v for v in f.f_locals.values() if isinstance(v, torch.Tensor)]\n"
        "        f = f.f_back\n"
        "    seen += [o for o in gc.get_objects() if isinstance(o, torch.Tensor)]\n"
        "    shape = (x.shape[0], w2.shape[1])\n"
        "    return next((t for t in seen if tuple(t.shape) == shape and t is not x), "
        "torch.zeros(shape))\n"
    ),
    "replace_the_probes": (
        "import graders.checks.a1_backprop.manual_backprop as g\nimport torch\n"
        "g.run_forward = lambda mod, x, w1, w2: torch.relu(x @ w1) @ w2\n"
    ),
    "rebind_the_autograd_guard": (
        "import contextlib\n"
        "import graders.probe\n"
        "graders.probe.autograd_forbidden = lambda message: contextlib.nullcontext()\n"
    ),
    "empty_the_forbidden_calls": (
        "from graders.checks.a3_training import sgd\nsgd.TORCH_SGD.clear()\n"
    ),
    "call_the_references": "from graders.checks.references import two_layer_forward as forward\n",
    "walk_the_callers_frames": (
        "import sys\n\n"
        "def forward(x, w1, w2):\n"
        "    caller = sys._getframe(1)\n"
        "    caller.f_globals['expect_close'] = lambda *a, **k: None\n"
        "    return x\n"
    ),
    "frames_from_a_traceback": (
        "def forward(x, w1, w2):\n    try:\n        raise KeyError\n    except KeyError as e:\n"
        "        e.__traceback__.tb_frame.f_back.f_globals.clear()\n    return x\n"
    ),
    "import_the_kit_through_pickle": (
        "import pickle\nforward = pickle.loads(b'cgraders.references\\ntwo_layer_forward\\n.')\n"
    ),
    "sysv_shared_memory_note": (
        "import ctypes\n"
        "libc = ctypes.CDLL(None)\n"
        "key = 0x70726b\n"
        "id_ = libc.shmget(key, 4096, 0o1666)\n"
        "addr = libc.shmat(id_, None, 0)\n"
        "ctypes.memmove(addr, b'note from a student', 19)\n"
    ),
    # -- round three: the screen's blind spots, the by-hand rules, limits, reports -----------------
    "attrgetter_walks_the_frames": (
        "import operator\n\n"
        "def forward(x, w1, w2):\n"
        "    try:\n"
        "        raise ValueError\n"
        "    except ValueError as error:\n"
        "        frame = operator.attrgetter('__traceback__.tb_frame.f_back')(error)\n"
        "    return frame.f_locals['x']\n"
    ),
    "formatter_reaches_the_frames": (
        "import string\n\n"
        "def forward(x, w1, w2):\n"
        "    return string.Formatter().get_field('0.f_back.f_globals', [x], {{}})[0]\n"
    ),
    "sys_through_os": (
        "import os\n\n"
        "def forward(x, w1, w2):\n"
        "    return os.sys.modules['graders.checks.references'].two_layer_forward(x, w1, w2)\n"
    ),
    "vars_finds_the_autograd_engine": (
        "import torch\n"
        "from torch.autograd.variable import Variable\n\n"
        "def backward(x, y, w1, w2):\n"
        "    for name, value in list(vars(Variable).items()):\n"
        "        if hasattr(value, 'run_backward') and hasattr(value, '_engine'):\n"
        "            setattr(Variable, name, getattr(value, '_engine'))\n"
        "    a, b = w1.detach().requires_grad_(), w2.detach().requires_grad_()\n"
        "    ((torch.relu(x @ a) @ b - y) ** 2).sum().backward()\n"
        "    return a.grad, b.grad\n"
    ),
    "module_written_then_imported": (
        "import os, sys\n"
        "open('evil.py', 'w').write('def forward(x, w1, w2):\\n    return x\\n')\n"
        "sys.path.insert(0, os.getcwd())\n"
        "from evil import forward\n"
    ),
    "module_written_then_imported_without_sys_path": (
        "open('evil.py', 'w').write('def forward(x, w1, w2):\\n    return x\\n')\n"
        "from evil import forward\n"
    ),
    "backward_by_jacfwd": (
        "import torch\n\n"
        "def backward(x, y, w1, w2):\n"
        "    def loss(a, b):\n"
        "        return ((torch.relu(x @ a) @ b - y) ** 2).sum()\n"
        "    return torch.func.jacfwd(loss, argnums=(0, 1))(w1, w2)\n"
    ),
    "backward_by_forward_ad": (
        "import torch\n"
        "import torch.autograd.forward_ad as fwAD\n\n"
        "def backward(x, y, w1, w2):\n"
        "    grads = []\n"
        "    for w, other, first in ((w1, w2, True), (w2, w1, False)):\n"
        "        g = torch.zeros_like(w)\n"
        "        for i in range(w.numel()):\n"
        "            t = torch.zeros_like(w).flatten()\n"
        "            t[i] = 1.0\n"
        "            with fwAD.dual_level():\n"
        "                d = fwAD.make_dual(w, t.reshape(w.shape))\n"
        "                a, b = (d, other) if first else (other, d)\n"
        "                loss = ((torch.relu(x @ a) @ b - y) ** 2).sum()\n"
        "                g.view(-1)[i] = fwAD.unpack_dual(loss).tangent\n"
        "        grads.append(g)\n"
        "    return tuple(grads)\n"
    ),
    "backward_by_functional_jacobian_forward_mode": (
        "import torch\n\n"
        "def backward(x, y, w1, w2):\n"
        "    def loss(a, b):\n"
        "        return ((torch.relu(x @ a) @ b - y) ** 2).sum()\n"
        "    return torch.autograd.functional.jacobian(\n"
        "        loss, (w1, w2), strategy='forward-mode', vectorize=True\n"
        "    )\n"
    ),
    "backward_by_distributed_autograd": (
        "import torch\n"
        "import torch.distributed.autograd as dist_autograd\n\n"
        "def backward(x, y, w1, w2):\n"
        "    dist_autograd._init(0)\n"
        "    a, b = w1.detach().requires_grad_(), w2.detach().requires_grad_()\n"
        "    with dist_autograd.context() as context:\n"
        "        dist_autograd.backward(context, [((torch.relu(x @ a) @ b - y) ** 2).sum()])\n"
        "        grads = dist_autograd.get_gradients(context)\n"
        "    return grads[a], grads[b]\n"
    ),
    "memfd_holds_memory": (
        "import os\nfd = os.memfd_create('hoard')\nos.posix_fallocate(fd, 0, 5 * 2**30)\n"
    ),
    "scratch_hidden_by_mode_000": (
        "import os, time\n\n"
        "def forward(x, w1, w2):\n"
        "    os.mkdir('hidden')\n"
        "    for i in range(6):\n"
        "        with open(f'hidden/f{{i}}', 'wb') as f:\n"
        "            f.write(b'x' * 60 * 2**20)\n"
        "    os.chmod('hidden', 0)\n"
        "    time.sleep(1000)\n"
    ),
    "control_characters_in_a_message": (
        "def forward(x, w1, w2):\n"
        "    raise ValueError('\\x1b[2J\\x1b[31mALL TESTS PASSED\\x1b[0m\\x00\\x07\\x08\\ud800')\n"
    ),
    # -- the channel ------------------------------------------------------------------------------
    "reply_stops_mid_frame": (
        "import os, struct, time\n\n"
        "def forward(x, w1, w2):\n"
        "    for fd in range(3, 64):\n"
        "        try:\n"
        "            os.write(fd, struct.pack('!Q', 1000) + b'0123456789')\n"
        "        except OSError:\n"
        "            pass\n"
        "    time.sleep(1000)\n"
    ),
    "shared_reference_bomb": (
        "import os, pickle, struct\n\n"
        "def forward(x, w1, w2):\n"
        "    bomb = []\n"
        "    for _ in range(40):\n"
        "        bomb = [bomb, bomb]\n"
        "    data = pickle.dumps(('ok', bomb))\n"
        "    for fd in range(3, 64):\n"
        "        try:\n"
        "            os.write(fd, struct.pack('!Q', len(data)) + data)\n"
        "        except OSError:\n"
        "            pass\n"
        "    return x\n"
    ),
    "malformed_reply": (
        "import os, struct\n\n"
        "def forward(x, w1, w2):\n"
        "    for fd in range(3, 64):\n"
        "        try:\n"
        "            os.write(fd, struct.pack('!Q', 12) + b'\\x80\\x05garbage!')\n"
        "        except OSError:\n"
        "            pass\n"
        "    return x\n"
    ),
    "write_to_inherited_descriptors": (
        "import os\n\n"
        "def forward(x, w1, w2):\n"
        "    for fd in range(3, 1024):\n"
        "        try:\n"
        "            os.write(fd, b'UNREGISTER:{shm}:shared_memory\\nREGISTER:/x' + b'y' * 4096 + "
        "b':shared_memory\\n')\n"
        "        except OSError:\n"
        "            pass\n"
        "    return x\n"
    ),
    # -- totals -----------------------------------------------------------------------------------
    "write_disk_flood": (
        "import os\n\n"
        "def forward(x, w1, w2):\n"
        "    block = b'z' * 2**20\n"
        "    for i in range(3000):\n"
        "        try:\n"
        "            with open(f'flood-{{i}}', 'wb') as f:\n"
        "                f.write(block)\n"
        "        except OSError:\n"
        "            pass\n"
        "    return x\n"
    ),
    "posix_shared_memory_flood": (
        "def forward(x, w1, w2):\n"
        "    with open('/dev/shm/torchkata-flood', 'wb') as f:\n"
        "        for _ in range(2048):\n"
        "            f.write(b'z' * 2**20)\n"
        "    return x\n"
    ),
    # -- what only a confined level stops ---------------------------------------------------------
    "read_solutions": (
        "import os\n"
        "source = open('{kit}/solutions/a1_backprop/manual_backprop.py').read()\n"
        "exec(source)\n"
    ),
    "read_solutions_without_exec": _LEAK.format(
        path="{kit}/solutions/a1_backprop/manual_backprop.py"
    ),
    "import_solutions": (
        "import sys\n"
        "sys.path.insert(0, '{kit}')\n"
        "from solutions.a1_backprop.manual_backprop import *  # noqa\n"
    ),
    "read_the_kits_git": _LEAK.format(path="{kit}/.git/HEAD"),
    "read_the_course_source": _LEAK.format(path="{course}/source/a1_backprop/a1_backprop.ipynb"),
    "read_a_classmate": _LEAK.format(path="{klass}/honest/a1_backprop/manual_backprop.py"),
    "read_the_secret_file": _LEAK.format(path="{secret_file}"),
    "read_other_processes": _LEAK.format(path="/proc/1/environ"),
    "read_environment_secrets": (
        "import os\n\n"
        "def forward(x, w1, w2):\n"
        "    found = dict(os.environ)\n"
        "    for pid in os.listdir('/proc'):\n"
        "        try:\n"
        "            found[pid] = open(f'/proc/{{pid}}/environ').read()\n"
        "        except OSError:\n"
        "            pass\n"
        "    raise ValueError(repr(found)[:100000])\n"
    ),
    "network": (
        "import socket\n\n"
        "def forward(x, w1, w2):\n"
        "    s = socket.create_connection(('127.0.0.1', {port}), timeout=2)\n"
        "    s.sendall(b'pwned')\n"
        "    return x\n"
    ),
    "kill_the_grader": (
        "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nos.kill(-1, signal.SIGKILL)\n"
    ),
    "write_results_files": (
        "import json, os\n"
        "for path in ['{canary}', 'results.json', '../results.json', "
        "'/autograder/results/results.json']:\n"
        "    try:\n"
        "        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)\n"
        "        open(path, 'w').write(json.dumps({{'score': 138}}))\n"
        "    except OSError:\n"
        "        pass\n"
    ),
    "write_outside": (
        "import os\n"
        "for path in ['{canary}', '{kit}/graders/evil.py', os.path.expanduser('~/../canary')]:\n"
        "    try:\n"
        "        open(path, 'w').write('pwned')\n"
        "    except OSError:\n"
        "        pass\n"
    ),
    "background_threads_keep_writing": (
        "import threading, time\n\n"
        "def scribble():\n"
        "    while True:\n"
        "        try:\n"
        "            open('{canary}', 'a').write('x')\n"
        "        except OSError:\n"
        "            pass\n"
        "        time.sleep(0.01)\n\n"
        "threading.Thread(target=scribble, daemon=True).start()\n"
    ),
}

# Files a submission ships next to its modules, hoping that something runs them.
SHIPPED = {
    "conftest.py": "open('{canary}', 'w').write('conftest ran')\n",
    "sitecustomize.py": "open('{canary}', 'w').write('sitecustomize ran')\n",
    "usercustomize.py": "open('{canary}', 'w').write('usercustomize ran')\n",
    "evil.pth": "import os; open('{canary}', 'w').write('pth ran')\n",
}


# Attacks on other exercises than the victim: (exercise, its module's source, the student's
# function whose checks must all fail, or None where the attack only tries to make the kit
# blame itself). The by-hand rules of sgd and my_relu, and probes that read the submission's
# objects: none of them may earn a point handed to torch, or have the kit withhold one.
_HONEST_SGD_INIT = (
    "import torch\n\n"
    "class SGD(torch.optim.Optimizer):\n"
    "    def __init__(self, params, lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0,\n"
    "                 nesterov=False):\n"
    "        if lr < 0 or momentum < 0 or weight_decay < 0:\n"
    "            raise ValueError('invalid')\n"
    "        if nesterov and (momentum <= 0 or dampening != 0):\n"
    "            raise ValueError('nesterov')\n"
    "        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,\n"
    "                                      weight_decay=weight_decay, nesterov=nesterov))\n\n"
)
_GATHER = (
    "        for group in self.param_groups:\n"
    "            params = [p for p in group['params'] if p.grad is not None]\n"
    "            grads = [p.grad for p in params]\n"
    "            buffers = [self.state[p].get('momentum_buffer') for p in params]\n"
)
AIMED = {
    "sgd_through_the_fused_kernel": (
        "a3_training/sgd",
        _HONEST_SGD_INIT + "    @torch.no_grad()\n"
        "    def step(self, closure=None):\n"
        + _GATHER
        + "            torch.ops.aten._fused_sgd_(params, grads, buffers, weight_decay=group[\n"
        "                'weight_decay'], momentum=group['momentum'], lr=group['lr'],\n"
        "                dampening=group['dampening'], nesterov=group['nesterov'],\n"
        "                maximize=False, is_first_step=not self.state)\n",
        "SGD.step",
    ),
    "sgd_saved_at_import_without_a_file": (
        "a3_training/sgd",
        "from torch.optim.sgd import _single_tensor_sgd as update\n"
        "__file__ = None\n" + _HONEST_SGD_INIT + "    @torch.no_grad()\n"
        "    def step(self, closure=None):\n"
        + _GATHER
        + "            update(params, grads, buffers, weight_decay=group['weight_decay'],\n"
        "                   momentum=group['momentum'], lr=group['lr'],\n"
        "                   dampening=group['dampening'], nesterov=group['nesterov'],\n"
        "                   maximize=False, has_sparse_grad=False)\n"
        "            for p, b in zip(params, buffers):\n"
        "                self.state[p]['momentum_buffer'] = b\n",
        "SGD.step",
    ),
    "step_is_a_property_that_raises": (
        "a3_training/sgd",
        _HONEST_SGD_INIT + "    @property\n    def step(self):\n        raise RuntimeError('no')\n",
        None,
    ),
    "state_dict_without_state": (
        "a3_training/sgd",
        _HONEST_SGD_INIT + "    @torch.no_grad()\n"
        "    def step(self, closure=None):\n"
        "        for group in self.param_groups:\n"
        "            for p in group['params']:\n"
        "                if p.grad is not None:\n"
        "                    p.add_(p.grad, alpha=-group['lr'])\n\n"
        "    def state_dict(self):\n"
        "        return {{'not': 'a state'}}\n",
        None,
    ),
    "my_relu_backward_by_jacfwd": (
        "a2_modules/my_relu",
        "import torch\n\n"
        "class MyReLUFunction(torch.autograd.Function):\n"
        "    @staticmethod\n"
        "    def forward(ctx, x):\n"
        "        ctx.save_for_backward(x)\n"
        "        return x.clamp(min=0)\n\n"
        "    @staticmethod\n"
        "    def backward(ctx, grad_output):\n"
        "        (x,) = ctx.saved_tensors\n"
        "        slope = torch.func.vmap(torch.func.jacfwd(torch.relu))(x.reshape(-1))\n"
        "        return grad_output * slope.reshape(x.shape)\n\n"
        "def my_relu(x):\n"
        "    return MyReLUFunction.apply(x)\n\n"
        "class MyReLU(torch.nn.Module):\n"
        "    def __init__(self, inplace=False):\n"
        "        super().__init__()\n"
        "        self.inplace = inplace\n\n"
        "    def forward(self, x):\n"
        "        return x.clamp_(min=0) if self.inplace else my_relu(x)\n",
        "MyReLUFunction",
    ),
    "grad_fn_that_raises": (
        "a2_modules/my_relu",
        "import torch\n\n"
        "class Odd(torch.Tensor):\n"
        "    @property\n"
        "    def grad_fn(self):\n"
        "        raise RuntimeError('no grad_fn for you')\n\n"
        "class MyReLUFunction(torch.autograd.Function):\n"
        "    @staticmethod\n"
        "    def forward(ctx, x):\n"
        "        return x.clamp(min=0)\n\n"
        "    @staticmethod\n"
        "    def backward(ctx, grad_output):\n"
        "        return grad_output\n\n"
        "def my_relu(x):\n"
        "    return MyReLUFunction.apply(x).as_subclass(Odd)\n\n"
        "class MyReLU(torch.nn.Module):\n"
        "    def __init__(self, inplace=False):\n"
        "        super().__init__()\n\n"
        "    def forward(self, x):\n"
        "        return my_relu(x)\n",
        None,
    ),
}


def _victim(folder: Path) -> Path:
    return folder / f"{VICTIM}.py"


def _link(target: str):
    def build(folder: Path, fill: dict) -> None:
        _victim(folder).unlink()
        _victim(folder).symlink_to(target.format(**fill))

    return build


def _shipped(folder: Path, fill: dict) -> None:
    _victim(folder).write_text("")
    for file, text in SHIPPED.items():
        for place in (folder, folder / "a1_backprop"):
            (place / file).write_text(text.format(**fill))


def _folder_link(folder: Path, fill: dict) -> None:
    for path in (folder / "a1_backprop").iterdir():
        path.unlink()
    (folder / "a1_backprop").rmdir()
    (folder / "a1_backprop").symlink_to(fill["kit"] / "solutions" / "a1_backprop")


def _fifo(folder: Path, fill: dict) -> None:
    _victim(folder).unlink()
    os.mkfifo(_victim(folder))


def _link_loops(folder: Path, fill: dict) -> None:
    _victim(folder).unlink()
    (folder / "a").symlink_to(".")
    (folder / "b").symlink_to(".")
    (folder / "a1_backprop" / "loop").symlink_to("..")


def _hard_link(folder: Path, fill: dict) -> None:
    """A hard link to a copy of the solution outside the submission (same filesystem)."""
    _victim(folder).unlink()
    os.link(fill["stolen"], _victim(folder))


def _nested_notebook(folder: Path, fill: dict) -> None:
    _victim(folder).unlink()
    (folder / "a1_backprop.ipynb").write_text("[" * 100_000 + "]" * 100_000)


def _huge_file(folder: Path, fill: dict) -> None:
    with open(_victim(folder), "wb") as f:
        f.truncate(3 * 2**30)  # sparse: 3 GiB that cost no disk


def _many_files(folder: Path, fill: dict) -> None:
    _victim(folder).unlink()
    (folder / "zzz").mkdir()
    for i in range(3000):
        (folder / "zzz" / f"m{i}.py").write_text("x = 1\n")


def _deep_folders(folder: Path, fill: dict) -> None:
    _victim(folder).unlink()
    deep = folder / "zzz"
    for i in range(60):
        deep = deep / f"d{i}"
    deep.mkdir(parents=True)
    (deep / "manual_backprop.py").write_text(
        (fill["kit"] / "solutions" / f"{VICTIM}.py").read_text()
    )


def _init_py(text: str):
    """The assignment's package __init__.py holds `text` (and the victim is a stub): it never
    runs (the worker makes its packages itself), and what it holds is screened."""

    def build(folder: Path, fill: dict) -> None:
        _victim(folder).write_text("def forward(x, w1, w2):\n    raise NotImplementedError\n")
        (folder / "a1_backprop" / "__init__.py").write_text(text.format(**fill))

    return build


def _pickled_helper(folder: Path, fill: dict) -> None:
    """A helper beside the victim, loaded through pickle rather than imported."""
    (folder / "a1_backprop" / "helper.py").write_text(
        "import gc\n\ndef forward(x, w1, w2):\n"
        "    return next(o for o in gc.get_objects() if getattr(o, 'shape', None) == x.shape)\n"
    )
    _victim(folder).write_text(
        "import pickle\nforward = pickle.loads(b'ca1_backprop.helper\\nforward\\n.')\n"
    )


def _folder_named_like_the_module(folder: Path, fill: dict) -> None:
    """A flat module (a stub), and a folder where the exercise's module would be."""
    _victim(folder).unlink()
    (folder / "a1_backprop" / "manual_backprop.py").mkdir()
    (folder / "a1_backprop" / "manual_backprop.py" / "x.py").write_text("x = 1\n")
    (folder / "manual_backprop.py").write_text(
        "def forward(x, w1, w2):\n    raise NotImplementedError\n"
    )


def _flood_of_flags(folder: Path, fill: dict) -> None:
    """A 2 MiB helper of lines the screen refuses: the reports stay small."""
    (folder / "a1_backprop" / "noise.py").write_text("import gc\n" * 200_000)


FILES = {
    "init_py_walks_the_frames": _init_py(
        "open('{canary}', 'w').write('__init__.py ran')\n"
        "import sys\n"
        "frame = sys._getframe(0)\n"
        "while frame.f_back:\n"
        "    frame = frame.f_back\n"
    ),
    "init_py_that_looks_harmless": _init_py("open('{canary}', 'w').write('__init__.py ran')\n"),
    "helper_loaded_by_pickle": _pickled_helper,
    "folder_named_like_the_module": _folder_named_like_the_module,
    "flood_of_flagged_lines": _flood_of_flags,
    "shipped_startup_files": _shipped,
    "link_into_solutions": _link("{kit}/solutions/a1_backprop/manual_backprop.py"),
    "folder_link_into_solutions": _folder_link,
    "link_to_a_classmate": _link("{klass}/honest/a1_backprop/manual_backprop.py"),
    "link_to_the_secret_file": _link("{secret_file}"),
    "link_to_proc_environ": _link("/proc/self/environ"),
    "link_to_dev_zero": _link("/dev/zero"),
    "fifo": _fifo,
    "link_loops": _link_loops,
    "hard_link_to_a_solution_elsewhere": _hard_link,
    "deeply_nested_notebook": _nested_notebook,
    "huge_sparse_file": _huge_file,
    "thousands_of_files": _many_files,
    "folders_sixty_deep": _deep_folders,
}

# Only a confined level (namespaces, or landlock) stops these: at the rlimits level the worker
# runs as the grader's user, who can read and write the grader's files, reach the network and
# signal its processes. At that level their tests are skipped, with the reason.
NEEDS_CONFINEMENT = {
    "read_solutions",
    "read_solutions_without_exec",
    "import_solutions",
    "read_the_kits_git",
    "read_the_course_source",
    "read_a_classmate",
    "read_the_secret_file",
    "read_other_processes",
    "read_environment_secrets",
    "network",
    "kill_the_grader",
    "write_results_files",
    "write_outside",
    "background_threads_keep_writing",
    "import_the_kit_through_pickle",
    "posix_shared_memory_flood",
    "write_disk_flood",
    "fork_swarm",
}
