"""graders.isolation.uprobes: a worker's entries into autograd, counted from outside it.

Each child is a fresh Python that runs the code it is sent, one block at a time, and answers
"ok". Its counter opens before it imports torch, as a grader opens a worker's before any student
code runs. The children import torch (~1.5 s) at the same time, once for the whole module.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from graders.isolation.uprobes import AutogradCounter, unavailable

REASON = unavailable()
if REASON is not None:
    pytest.skip(REASON, allow_module_level=True)

pytestmark = pytest.mark.timeout(120)

CHILD = """
import json, sys, traceback
namespace = {}
print("ready", flush=True)
for line in sys.stdin:
    try:
        exec(json.loads(line), namespace)
    except BaseException:
        print(json.dumps(traceback.format_exc()), flush=True)
    else:
        print(json.dumps("ok"), flush=True)
"""

PRELUDE = """
import os
import threading

import torch
from torch.autograd import forward_ad as fwAD


def f(x):  # R^3 -> R
    return (x.sin() * x).sum()


def g(x):  # R^3 -> R^3
    return x.sin() * x


def backward():
    f(torch.randn(3, requires_grad=True)).backward()
"""

# What a student who computes gradients by hand does: a graph may be recorded, never run.
PLAIN = """
a, b = torch.randn(64, 64), torch.randn(64, 64)
c = (a @ b).relu()
c.add_(1)
c.sum()
torch.softmax(c, dim=1)
w = torch.randn(64, requires_grad=True)
(a @ w).exp().sum()
x = torch.randn(64)
grad_relu_sum = (x > 0).float()
"""


class Child:
    """A Python process, counted from its start, that runs the code it is sent."""

    def __init__(self):
        self.process = subprocess.Popen(
            [sys.executable, "-c", CHILD], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout.readline() == "ready\n"
        self.counter = AutogradCounter(self.process.pid)
        self.pending = 0
        self.send(PRELUDE)  # answered later: the children import torch side by side

    def send(self, code: str) -> None:
        self.process.stdin.write(json.dumps(code) + "\n")
        self.process.stdin.flush()
        self.pending += 1

    def wait(self) -> None:
        """Until the child has run all it was sent."""
        while self.pending:
            reply = self.process.stdout.readline()
            assert reply, "the child died"
            assert json.loads(reply) == "ok", json.loads(reply)
            self.pending -= 1

    def run(self, code: str) -> dict[str, int]:
        """Run `code` in the child: what it added to each count."""
        self.wait()
        before = self.counter.read()
        self.send(code)
        self.wait()
        after = self.counter.read()
        return {route: after[route] - before[route] for route in after}

    def close(self) -> None:
        self.counter.close()
        self.process.kill()
        self.process.wait()


@pytest.fixture(scope="module")
def children():
    started = {}
    try:
        for name in ("plain", "routes", "bystander", "unprivileged", "exits"):
            started[name] = Child()
        yield started
    finally:
        for child in started.values():
            child.close()


def test_plain_tensor_work_counts_nothing(children):
    child = children["plain"]
    child.run(PLAIN)
    assert child.counter.read() == {"reverse": 0, "forward": 0}  # import torch included


REVERSE = {
    "tensor.backward": "f(torch.randn(3, requires_grad=True)).backward()",
    "autograd.backward": "torch.autograd.backward(f(torch.randn(3, requires_grad=True)))",
    "autograd.grad": "x = torch.randn(3, requires_grad=True)\ntorch.autograd.grad(f(x), x)",
    "functional.vjp": "torch.autograd.functional.vjp(g, torch.randn(3), torch.ones(3))",
    # the double-vjp trick: reverse mode, despite its name
    "functional.jvp": "torch.autograd.functional.jvp(g, torch.randn(3), torch.ones(3))",
    "functional.jacobian": "torch.autograd.functional.jacobian(g, torch.randn(3))",
    "functional.jacobian vectorized": (
        "torch.autograd.functional.jacobian(g, torch.randn(3), vectorize=True)"
    ),
    "functional.hessian": "torch.autograd.functional.hessian(f, torch.randn(3))",
    "functional.hvp": "torch.autograd.functional.hvp(f, torch.randn(3), torch.ones(3))",
    "functional.vhp": "torch.autograd.functional.vhp(f, torch.randn(3), torch.ones(3))",
    "func.grad": "torch.func.grad(f)(torch.randn(3))",
    "func.vjp": "_, vjp = torch.func.vjp(g, torch.randn(3))\nvjp(torch.ones(3))",
    "func.jacrev": "torch.func.jacrev(g)(torch.randn(3))",
    # not a route of the brief, but one that skips Engine::execute: hence its own probe
    "distributed.autograd.backward": (
        "import torch.distributed.autograd as dist_autograd\n"
        "dist_autograd._init(0)\n"
        "with dist_autograd.context() as context:\n"
        "    dist_autograd.backward(context, [f(torch.randn(3, requires_grad=True))])"
    ),
}
FORWARD = {
    "forward_ad": (
        "with fwAD.dual_level():\n"
        "    dual = fwAD.make_dual(torch.randn(3), torch.ones(3))\n"
        "    fwAD.unpack_dual(g(dual)).tangent"
    ),
    "func.jvp": "torch.func.jvp(g, (torch.randn(3),), (torch.ones(3),))",
    "func.jacfwd": "torch.func.jacfwd(g)(torch.randn(3))",
    "functional.jacobian forward-mode": (
        "torch.autograd.functional.jacobian("
        "g, torch.randn(3), strategy='forward-mode', vectorize=True)"
    ),
}


@pytest.mark.parametrize(
    "code, route, other",
    [pytest.param(code, "reverse", "forward", id=name) for name, code in REVERSE.items()]
    + [pytest.param(code, "forward", "reverse", id=name) for name, code in FORWARD.items()],
)
def test_each_route_counts_on_its_own(children, code, route, other):
    added = children["routes"].run(code)
    assert added[route] >= 1
    assert added[other] == 0


def test_a_thread_started_later_counts(children):
    added = children["routes"].run(
        "thread = threading.Thread(target=backward)\nthread.start()\nthread.join()"
    )
    assert added["reverse"] >= 1


def test_a_worker_that_drops_root_still_starts_threads_and_they_count(children):
    # The reason for tracefs events rather than perf's uprobe PMU, whose inherited copies would
    # make every clone() of an unprivileged worker fail.
    added = children["unprivileged"].run(
        "os.setresgid(65534, 65534, 65534)\n"
        "os.setresuid(65534, 65534, 65534)\n"
        "thread = threading.Thread(target=backward)\n"
        "thread.start()\n"
        "thread.join()"
    )
    assert added["reverse"] >= 1


def test_another_process_is_not_counted(children):
    counted, bystander = children["plain"], children["bystander"]
    counted.wait()
    bystander.wait()
    totals, bystanders = counted.counter.read(), bystander.counter.read()["reverse"]
    bystander.send("for _ in range(200):\n    backward()")
    counted.send(PLAIN * 20)  # at the same time
    bystander.wait()
    counted.wait()
    assert counted.counter.read() == totals
    assert bystander.counter.read()["reverse"] - bystanders >= 200  # the probes were live


def test_refuses_a_process_that_already_has_threads(children):
    bystander = children["bystander"]
    bystander.run("threading.Thread(target=threading.Event().wait, daemon=True).start()")
    with pytest.raises(OSError, match="threads"):
        AutogradCounter(bystander.process.pid)


def test_read_after_the_process_exits_gives_the_final_totals(children):
    child = children["exits"]
    child.run("backward()")
    totals = child.counter.read()
    child.send("os._exit(0)")
    child.process.wait(timeout=10)
    assert child.counter.read() == totals
    assert totals["reverse"] >= 1
    child.counter.close()
    child.counter.close()  # idempotent
    with pytest.raises(ValueError):
        child.counter.read()
