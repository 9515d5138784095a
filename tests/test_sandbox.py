"""The sandbox on its own, below the source screen: a confined process tries what an attack
would, at each level this machine reaches (as root: namespaces; as an unprivileged user:
landlock), and every attempt must fail while the honest work (threads, reading the
libraries, writing in the scratch folder) still succeeds."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from graders.isolation import sandbox
from test_adversarial import unprivileged_python

ROOT = Path(__file__).resolve().parent.parent

# Each attempt is an expression run after confinement; its outcome is "ok" or the error's name.
ATTEMPTS = {
    "fork": "os.fork()",
    "exec": "os.execv('/bin/true', ['true'])",
    "inet socket": "socket.socket(socket.AF_INET, socket.SOCK_STREAM)",
    "connect to a local socket": "socket.socket(socket.AF_UNIX).connect('/run/nothing.sock')",
    "SysV shared memory": "check(libc.shmget(0, 4096, 0o1600))",
    "ptrace the parent": "check(libc.ptrace(16, os.getppid(), 0, 0))",
    "signal the parent": "os.kill(os.getppid(), 0)",
    "mount": "check(libc.mount(b'none', b'/tmp', b'tmpfs', 0, None))",
    "unshare": "check(libc.unshare(0x40000000))",
    "io_uring": "check(libc.syscall(425, 1, None))",
    "memfd_create": "os.memfd_create('hoard')",
    "POSIX message queue": "check(libc.mq_open(b'/torchkata-note', 0o100 | 2, 0o600, None))",
    "read the kit": (
        f"open({str(ROOT / 'solutions' / 'a1_backprop' / 'manual_backprop.py')!r}).read()"
    ),
    "read the kit's git": f"open({str(ROOT / '.git' / 'HEAD')!r}).read()",
    "read /etc/passwd": "open('/etc/passwd').read()",
    "read another process": "open('/proc/1/cmdline').read()",
    "write outside": "open(OUTSIDE, 'w').write('x')",
    "write beside the submission": "open(os.path.join(SUBMISSION, 'x.py'), 'w').write('x')",
}
ALLOWED = {
    "thread": "t = threading.Thread(target=lambda: None); t.start(); t.join()",
    "signal itself": "os.kill(os.getpid(), 0)",
    "read the libraries": "import json, email.mime.text",
    "read the submission": "open(os.path.join(SUBMISSION, 'a.py')).read()",
    "write the scratch folder": "open('scratch.txt', 'w').write('x' * 1000)",
    "a socket pair": "socket.socketpair()",
}

PROGRAM = textwrap.dedent(
    """
    import ctypes, json, os, socket, sys, threading
    from graders.isolation import sandbox
    from graders.isolation.sandbox import Limits

    SUBMISSION, SCRATCH, OUTSIDE, ATTEMPTS = sys.argv[1], sys.argv[2], sys.argv[3], """
    """json.loads(sys.argv[4])
    report = os.fdopen(int(sys.argv[5]), "w")
    level, SUBMISSION, SCRATCH = sandbox.confine(SUBMISSION, SCRATCH, Limits())
    libc = ctypes.CDLL(None, use_errno=True)

    def check(result):
        if result == -1:
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))

    outcomes = {}
    for name, code in ATTEMPTS.items():
        try:
            exec(code)
            outcomes[name] = "ok"
        except BaseException as error:
            outcomes[name] = type(error).__name__
    report.write(json.dumps({"level": level, "outcomes": outcomes}))
    """
)


@pytest.fixture(params=["root", "unprivileged"])
def confined(request):
    """Run the attempts in a confined process as this user; return (level, outcomes)."""
    tmp = Path(tempfile.mkdtemp(prefix="torchkata-sandbox-test-"))
    request.addfinalizer(lambda: shutil.rmtree(tmp, ignore_errors=True))
    os.chmod(tmp, 0o755)
    python = [sys.executable] if request.param == "root" else unprivileged_python(tmp)
    submission, scratch, outside = tmp / "submission", tmp / "scratch", tmp / "outside"
    submission.mkdir()
    (submission / "a.py").write_text("x = 1\n")
    scratch.mkdir(mode=0o700)
    outside.mkdir()
    os.chmod(outside, 0o1777)  # writable by anyone: only the sandbox keeps the write out
    if request.param != "root":
        shutil.chown(scratch, "nobody")

    def run(attempts: dict) -> tuple[str, dict]:
        read, write = os.pipe()
        done = subprocess.run(
            [
                *python,
                "-c",
                PROGRAM,
                submission,
                scratch,
                outside / "x",
                json.dumps(attempts),
                str(write),
            ],
            cwd=ROOT,
            pass_fds=[write],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=120,
        )
        os.close(write)
        with os.fdopen(read) as f:
            text = f.read()
        assert text, done.stderr[-2000:]
        result = json.loads(text)
        return result["level"], result["outcomes"]

    return run


def test_every_attempt_fails_inside_the_sandbox(confined):
    level, outcomes = confined(ATTEMPTS)
    assert level in sandbox.CONFINED
    assert not [name for name, outcome in outcomes.items() if outcome == "ok"], outcomes


def test_honest_work_still_runs_inside_the_sandbox(confined):
    _, outcomes = confined(ALLOWED)
    assert outcomes == dict.fromkeys(ALLOWED, "ok")


def test_the_allow_list_holds_the_libraries_and_not_the_kit():
    import torch

    allowed = sandbox.read_only_paths()
    hidden = sandbox.hidden_inside(allowed)
    for kit_path in sandbox.kit_paths():
        assert kit_path not in allowed
        assert kit_path in hidden or not any(kit_path.startswith(a + "/") for a in allowed), (
            kit_path,
            allowed,
        )
    torch_dir = os.path.realpath(os.path.dirname(torch.__file__))
    assert any(torch_dir.startswith(a + "/") for a in allowed), allowed


def test_the_workers_parent_never_holds_the_graders_environment(monkeypatch):
    from graders.isolation import zygote

    monkeypatch.setenv("TORCHKATA_TEST_SECRET", "zygote-secret-5b2e")
    first = zygote.get()
    first.process.kill()  # as a worker at the rlimits level could
    first.process.wait()
    second = zygote.get()
    assert second is not first
    # A question answered: the zygote has started. Read at once after exec, /proc/PID/environ can
    # still be empty (the kernel closes the exec pipe Popen waits on before it sets the
    # environment up).
    assert second.wait(second.process.pid, 0) is None  # not its child: nothing to collect
    environ = Path(f"/proc/{second.process.pid}/environ").read_bytes()
    assert b"zygote-secret-5b2e" not in environ
    assert sorted(line.split(b"=")[0].decode() for line in environ.split(b"\0") if line) == sorted(
        zygote.CLEAN_ENVIRONMENT
    )
