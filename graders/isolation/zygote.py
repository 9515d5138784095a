"""The workers' parent: a pristine process that forks one worker per request.

The grader starts it (`Zygote`) with an empty environment, in an empty current folder, from
`python -c` (none of the grader's own code runs in it, unlike multiprocessing's forkserver,
which re-runs the grader's main module in every child). It imports torch and what a worker
needs (graders.isolation.worker: the door and the probes; no reference, judge or tolerance is ever
imported here), runs no torch operation, and then forks a worker for each request, so a worker
starts in milliseconds instead of paying the import of torch, and forking is safe
(pytorch/pytorch#41197).

The grader talks to it over a socket pair (one message per send, SOCK_SEQPACKET): "fork" hands
it the worker's end of a new channel and the page it writes what runs into (SCM_RIGHTS), with
the exercise to serve, and gets back the worker's pid and a pidfd for it (a handle that can
never point at another process); "wait" asks for a worker's exit status, which only its parent
can collect. When the grader goes, the zygote sees its socket close and ends, and its workers
with it.
"""

from __future__ import annotations

import contextlib
import gc
import mmap
import multiprocessing.util
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from graders.errors import ZygoteError
from graders.inside import plain
from graders.isolation import sandbox
from graders.isolation.sandbox import CLEAN_ENVIRONMENT

STARTUP_SECONDS = 120


class Zygote:
    """The grader's handle on its workers' parent."""

    def __init__(self):
        self.owner = os.getpid()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        kit = str(Path(__file__).resolve().parents[2])
        code = (
            f"import sys; sys.path.append({kit!r}); "
            f"from graders.isolation import zygote; zygote.main({theirs.fileno()})"
        )
        self.process = subprocess.Popen(
            [sys.executable, "-c", code],
            env=CLEAN_ENVIRONMENT,
            cwd="/",
            pass_fds=[theirs.fileno()],
            start_new_session=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        theirs.close()
        self.socket = ours
        self.ready = False
        self.lock = threading.Lock()
        # At exit, in the grader and in grade-batch's forked graders alike (multiprocessing runs
        # these finalizers in its children, where atexit does not run).
        multiprocessing.util.Finalize(self, self.close, exitpriority=10)

    def close(self) -> None:
        """End the zygote (it sees its socket close) and collect it."""
        if self.owner != os.getpid():
            return
        self.socket.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def alive(self) -> bool:
        return self.owner == os.getpid() and self.process.poll() is None

    def _ready(self) -> None:
        if not self.ready:
            self.ready = self._receive(STARTUP_SECONDS) == ("ready",)
            if not self.ready:
                raise ZygoteError(
                    "the workers' parent did not start (it imports torch and the probes)"
                )

    def _ask(self, message, seconds: float = STARTUP_SECONDS):
        with self.lock:  # one question and its answer at a time (the engine asks from two threads)
            self._ready()
            self.socket.send(plain.encode(message))
            return self._receive(seconds)

    def _receive(self, seconds: float):
        self.socket.settimeout(seconds)
        try:
            data = self.socket.recv(4096)
        except OSError as error:
            raise ZygoteError(f"the workers' parent stopped answering ({error})") from None
        if not data:
            raise ZygoteError("the workers' parent has ended")
        return plain.decode(data)

    def fork(self, channel_fd: int, status_fd: int, *request) -> tuple[int, int]:
        """A new worker serving `request`, talking on `channel_fd`, writing what runs into the
        page `status_fd`: its pid and a pidfd for it."""
        with self.lock:
            self._ready()
            socket.send_fds(
                self.socket, [plain.encode(("fork", *request))], [channel_fd, status_fd]
            )
            self.socket.settimeout(STARTUP_SECONDS)
            try:
                data, fds, _, _ = socket.recv_fds(self.socket, 4096, 1)
            except OSError as error:
                raise ZygoteError(f"the workers' parent stopped answering ({error})") from None
        reply = plain.decode(data) if data else None
        if not (type(reply) is tuple and reply[0] == "forked" and len(fds) == 1):
            for fd in fds:
                os.close(fd)
            raise ZygoteError(f"the workers' parent could not fork a worker: {reply!r}")
        return reply[1], fds[0]

    def wait(self, pid: int, seconds: float = 5.0) -> int | None:
        """The worker's exit status as os.waitpid gives it, or None if it still runs."""
        reply = self._ask(("wait", pid, seconds), seconds=seconds + 5)
        return reply[1] if type(reply) is tuple and reply[0] == "exited" else None


_zygote: Zygote | None = None


def get() -> Zygote:
    """This process's zygote, started (again) if it is not running: a process forked from a
    grader has none of its own, and one that has died is replaced, always with a clean
    environment."""
    global _zygote
    if _zygote is None or not _zygote.alive():
        _zygote = Zygote()
    return _zygote


# --- the zygote itself ---------------------------------------------------------------------------


def main(fd: int) -> None:
    # torch, the door and every exercise's probes, imported once
    from graders.isolation import worker

    worker.prepare()
    # All of that lives as long as every worker: out of the garbage collector's passes (millions
    # of objects of torch's, whose full collections otherwise cost each worker tenths of a
    # second) and out of the pages a collection would touch, and so copy, after each fork.
    gc.freeze()

    control = socket.socket(fileno=fd)
    control.send(plain.encode(("ready",)))
    children: set[int] = set()  # the workers not collected yet
    while True:
        try:
            data, fds, _, _ = socket.recv_fds(control, 65536, 2)
        except OSError:
            data, fds = b"", []
        if not data:  # the grader has gone: so do its workers
            for pid in children:
                _kill(pid)
            for pid in children:
                _wait(pid, 5, set())
            os._exit(0)
        request = plain.decode(data)
        if request[0] == "fork":
            pid = os.fork()
            if pid == 0:
                control.close()
                status = mmap.mmap(fds[1], 256)
                worker.start(fds[0], status, *request[1:])
            for extra in fds:
                os.close(extra)
            children.add(pid)
            pidfd = os.pidfd_open(pid)
            socket.send_fds(control, [plain.encode(("forked", pid))], [pidfd])
            os.close(pidfd)
        elif request[0] == "wait":
            _, pid, seconds = request
            control.send(plain.encode(("exited", _wait(pid, seconds, children))))


def _wait(pid: int, seconds: float, children: set[int]) -> int | None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:  # not a child, or already collected
            children.discard(pid)
            return None
        if done:
            children.discard(pid)
            return status
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.005)


def _kill(pid: int) -> None:
    sandbox.kill_group(pid)
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
