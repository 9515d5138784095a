"""Hostile submissions, graded in one batch by the real `torchkata grade-batch` (see adversarial.py).

For each attack: the batch finishes within its limits; the attacked exercise scores 0 (what the
same code scores without the cheat); the submission's other exercise keeps full marks; no file
outside the worker's folder appears or changes; no process is left behind; the grader's secret
appears in no output. An honest submission in the same batch keeps full marks.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import adversarial
import classroom
import pytest

from graders import engine, sandbox

ROOT = Path(__file__).resolve().parent.parent
SECRET = "torchkata-test-secret-4f1c9a"
ONLY = ["--only", classroom.VICTIM, "--only", "a2_modules/two_layer_net"]
TIMEOUT = 5  # seconds per exercise


def level() -> str:
    """The sandbox level this machine gives a worker."""
    report = engine.grade(ROOT / "solutions", ["a1_backprop/dynamic_graph"])
    return sandbox.NAMESPACES if report["sandbox"].startswith(sandbox.NAMESPACES) else sandbox.RLIMITS


def kit_fingerprint() -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for d in ("graders", "solutions", "exercises") for p in sorted((ROOT / d).rglob("*.py"))}


class Listener:
    """A TCP port on this machine's loopback that records whatever reaches it."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.received = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self.received.append(conn.recv(100))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Build the class, grade it once, and return what the tests look at."""
    tmp = tmp_path_factory.mktemp("adversarial")
    where = level()
    listener = Listener()
    attacks = {k: v for k, v in adversarial.ATTACKS.items() if where == sandbox.NAMESPACES or k not in adversarial.NEEDS_NAMESPACES}
    canaries = {}
    klass = tmp / "class"
    classroom.complete(klass / "honest")
    for name, source in {**attacks, "shipped_startup_files": ""}.items():
        canaries[name] = tmp / f"canary-{name}"
        fill = {"canary": canaries[name], "kit": ROOT, "port": listener.port}
        classroom.hostile(klass / name, source.format(**fill))
        if name == "shipped_startup_files":
            for file, text in adversarial.SHIPPED.items():
                for folder in (klass / name, klass / name / "a1_backprop"):
                    (folder / file).write_text(text.format(**fill))
    before = kit_fingerprint()
    env = os.environ | {"TORCHKATA_TEST_SECRET": SECRET, "CI": "true"}
    done = subprocess.run(
        [sys.executable, "-m", "graders.cli", "grade-batch", klass, "--out", tmp / "out", "--timeout", str(TIMEOUT), *ONLY],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )
    reports = {p.stem: json.loads(p.read_text()) for p in (tmp / "out" / "students").glob("*.json")}
    outputs = done.stdout + done.stderr + "".join(p.read_text() for p in (tmp / "out").rglob("*") if p.is_file())
    return {"level": where, "done": done, "reports": reports, "canaries": canaries, "outputs": outputs,
            "kit_changed": kit_fingerprint() != before, "listener": listener}


def test_the_batch_finishes_and_the_honest_student_keeps_full_marks(graded):
    assert graded["done"].returncode == 0, graded["done"].stderr[-2000:]
    honest = graded["reports"]["honest"]
    assert honest["score"] == honest["max_score"]


def test_no_secret_reaches_any_output(graded):
    assert SECRET not in graded["outputs"]


def test_the_kit_is_unchanged_and_nothing_is_left_running(graded):
    assert not graded["kit_changed"] and not (ROOT / "graders" / "evil.py").exists()
    if graded["level"] == sandbox.NAMESPACES:  # processes are found by the worker's own user id
        assert not [pid for pid in os.listdir("/proc") if pid.isdigit() and _uid(pid) >= sandbox.UID_BASE]


def test_nothing_reached_the_network(graded):
    if graded["level"] != sandbox.NAMESPACES:
        pytest.skip(f"only the namespaces level cuts the network ({sandbox.REQUIREMENT})")
    assert graded["listener"].received == []


@pytest.mark.parametrize("attack", [*adversarial.ATTACKS, "shipped_startup_files"])
def test_an_attack_gains_nothing_and_costs_the_others_nothing(graded, attack):
    if attack in adversarial.NEEDS_NAMESPACES and graded["level"] != sandbox.NAMESPACES:
        pytest.skip(f"the rlimits level does not stop {attack} ({sandbox.REQUIREMENT})")
    report = graded["reports"][attack]
    victim, other = report["exercises"]
    assert victim["score"] == 0, [c["message"] for c in victim["checks"] if c["passed"]]
    assert other["score"] == other["max_score"], other["checks"]
    assert not graded["canaries"][attack].exists()


def _uid(pid: str) -> int:
    try:
        return os.stat(f"/proc/{pid}").st_uid
    except OSError:
        return -1


def test_require_sandbox_grades_only_at_the_namespaces_level(tmp_path):
    done = subprocess.run([sys.executable, "-m", "graders.cli", "grade", ROOT / "solutions", "--only", "a1_backprop/dynamic_graph", "--require-sandbox", "--json", tmp_path / "r.json"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    if level() == sandbox.NAMESPACES:
        assert done.returncode == 0 and json.loads((tmp_path / "r.json").read_text())["sandbox"].startswith("namespaces")
    else:
        assert done.returncode == 2 and "--require-sandbox" in done.stderr and not (tmp_path / "r.json").exists()
