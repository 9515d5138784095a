"""Starting workers, and talking to one: the grader's side of graders.isolation.worker.

A worker is a process that runs the submission's probes (graders.isolation.worker). The grader sends
it a request and waits for the reply, and while it waits it watches the worker's own CPU clock: the
time a grade allows is the CPU time of the submission's own process, never the grader's judging
(which runs here), never wall-clock time that other processes took. A worker past its budget is
killed at once, through its pidfd (a handle on that process, not a number that could be reused),
and the reply names the function that was running (the worker writes its name into a page it
shares with the grader).

Three ways to start one, the same request loop in each:
- `fork`: a fork of this process (pytest, `torchkata watch`, a notebook's kernel): the
  student's own machine, the memory limit and the time budget, no sandbox;
- `confined` (graders.grading.engine): forked from the pristine zygote, confined by
graders.isolation.sandbox;
- `in_process`: where there is no fork (Windows), the probes run here; the time budget is then
  only checked when a call returns.
"""

from __future__ import annotations

import mmap
import os
import select
import signal
import socket
import time
from dataclasses import astuple, dataclass

from graders import errors
from graders.errors import WorkerDidNotStart, WorkerLost
from graders.inside import channel, plain
from graders.results import ERROR, TIMEOUT

POLL_SECONDS = 0.1  # how often the grader looks at a worker's CPU clock while it waits
FRAME_SECONDS = 10.0  # a reply that has started must arrive whole within this (wall clock)
# A worker whose CPU clock stands still this long (wall clock) is waiting for nothing: sleeping,
# or blocked. `torchkata grade` waits as long as the exercise's CPU budget; student mode waits
# as long as it takes (a student may be in a debugger).
IDLE_SECONDS = 60.0
STARTUP_SECONDS = 120.0
MAX_TEXT = 2000  # characters of a message that came from a worker


@dataclass
class Budget:
    """The CPU time the submission's code may use: `seconds` in all, `used` so far. `what`
    names the budget in messages ("on this exercise", "in this check")."""

    seconds: float
    what: str = ""
    used: float = 0.0


def text(value, limit: int = MAX_TEXT) -> str:
    """A worker's text, made safe to show: printable characters only, cut to `limit`."""
    raw = value if isinstance(value, str) else repr(value)
    shown = "".join(c if c.isprintable() or c in "\n\t" else "?" for c in raw[: limit + 1])
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _cpu_clock(pid: int) -> int:
    """The clock id of a process's CPU time (CPUCLOCK_SCHED of that pid), readable from outside."""
    return ((~pid) << 3) | 2


class Worker:
    """A worker process, seen from the grader: its channel, its pidfd, its CPU clock, its
    status page. `collect()` reaps it and returns its wait status (or None)."""

    def __init__(self, pid: int, pidfd: int, conn: socket.socket, status: mmap.mmap, collect):
        self.pid, self.pidfd, self.conn, self.status = pid, pidfd, conn, status
        self._collect = collect
        self.level = "none"
        self.ready = False  # whether its "ready" was read
        self.warming: bool | str = False  # True: it says ("warm",) after its first "load"
        # is answered (graders.isolation.worker.serve); "due": that is the next frame
        self.pending: list[str] = []  # what the requests sent and not yet answered ask
        self.idle = IDLE_SECONDS  # None: wait as long as it takes (a student in a debugger)
        self.watch = None  # called while waiting: raises WorkerLost for a limit of its own
        self._cpu = 0.0
        self.charged = 0.0  # the worker's CPU time up to the last reply charged to a budget
        self.ended: str | None = None
        self.group = None  # its cgroup (graders.isolation.cgroups), where the grader could make one
        self.scratch: str | None = None
        self.counter = (
            None  # autograd counted from outside (graders.isolation.uprobes), by hand only
        )
        self.allowed = 0  # backward passes the requests sent so far may show
        self.seen = {"reverse": 0, "forward": 0}  # counts already accounted for

    def cpu(self) -> float:
        """The CPU time the worker has used, all its threads together (seconds)."""
        try:
            self._cpu = time.clock_gettime(_cpu_clock(self.pid))
        except OSError:  # it has ended: its last reading stands
            pass
        return self._cpu

    def running(self) -> str:
        """The student's function the worker said it is running, or 'your code'."""
        name = bytes(self.status[:]).split(b"\0", 1)[0].decode("utf-8", "replace")
        return text(name, 120) or "your code"

    def started(self, seconds: float = STARTUP_SECONDS) -> str:
        """Wait for the worker's "ready" (once); its sandbox level. Raises WorkerDidNotStart."""
        if self.ready:
            return self.level
        self.ready = True
        try:
            ready = plain.decode(
                channel.receive(self.conn.fileno(), time.monotonic() + seconds, limit=4096)
            )
        except (EOFError, OSError, errors.ChannelError, errors.PlainDataError) as error:
            ready = ("unable", self._why_it_ended() if self.pid else str(error))
        if type(ready) is tuple and len(ready) == 2 and ready[0] == "ready":
            self.level = str(ready[1])
            self.charged = self.cpu()  # starting is the kit's work, never the submission's
            return self.level
        self.close()
        why = ready[1] if type(ready) is tuple and len(ready) == 2 else "it did not say why"
        raise WorkerDidNotStart(f"the worker process did not start: {text(why, 500)}")

    def ask(self, request, budget: Budget | None):
        """Send a request and wait for its reply (see `receive`). Raises WorkerLost."""
        self.send([request])
        return self.receive(budget)

    def send(self, requests: list) -> None:
        """Send requests, in one write: the worker answers them in order, one reply each."""
        self.started()
        self.pending += [str(r[0]) for r in requests]
        data = b"".join(channel.frame(plain.encode(r, records=True)) for r in requests)
        try:
            channel.write(self.conn.fileno(), data)
        except OSError:
            raise WorkerLost(ERROR, self._why_it_ended()) from None

    def receive(self, budget: Budget | None):
        """The next reply, whole. The CPU time the worker used since the last reply that was
        charged is charged to `budget`, and past the budget the worker is killed; a reply off
        the budget (None: the explanation of a failure already decided, or work the verdict no
        longer needs) may take OFF_BUDGET_SECONDS at most. Raises WorkerLost."""
        if self.warming == "due":  # its ("warm",): the kit's own work, off every budget
            self.warming = False
            self._reply(None)
        reply = self._reply(budget)
        if self.pending and self.pending.pop(0) == "load" and self.warming:
            self.warming = "due"  # read before the next reply, not now: the grader works meanwhile
        return reply

    def _reply(self, budget: Budget | None):
        fd = self.conn.fileno()
        if budget is None:
            self.charged = self.cpu()
        last = self.charged
        progress = time.monotonic()
        limit = budget.seconds - budget.used if budget else OFF_BUDGET_SECONDS
        while True:
            readable = select.select([fd, self.pidfd], [], [], POLL_SECONDS)[0]
            now = self.cpu()
            if fd in readable:
                try:
                    reply = plain.decode(channel.receive(fd, time.monotonic() + FRAME_SECONDS))
                except errors.ChannelTimeout:
                    self.kill()
                    raise WorkerLost(
                        TIMEOUT, "Your code stopped in the middle of its reply."
                    ) from None
                except (EOFError, OSError):
                    raise WorkerLost(ERROR, self._why_it_ended()) from None
                except (errors.ChannelError, errors.PlainDataError) as error:
                    raise WorkerLost(
                        ERROR,
                        text(f"Your code sent back something that is not plain data: {error}."),
                    ) from None
                now = self.cpu()
                if budget:
                    budget.used += now - self.charged
                self.charged = now
                return reply
            if self.pidfd in readable:
                raise WorkerLost(ERROR, self._why_it_ended())
            if now - self.charged > limit:
                running = self.running()
                self.kill()
                if budget is None:
                    raise WorkerLost(TIMEOUT, "an explanation took too long")
                raise WorkerLost(
                    TIMEOUT,
                    f"{running} used more than {budget.seconds:g} s of CPU time"
                    f"{' ' + budget.what if budget.what else ''} and was stopped: a loop that "
                    "never ends, or far more work than the task needs.",
                )
            if now > last:
                last, progress = now, time.monotonic()
            elif self.idle and time.monotonic() - progress > self.idle:
                running = self.running()
                self.kill()
                raise WorkerLost(
                    TIMEOUT,
                    f"{running} waited {self.idle:g} s without computing anything "
                    "(time.sleep, input(), a lock) and was stopped.",
                )
            if self.watch is not None:
                self.watch(self)

    def allow(self, backward: int) -> None:
        """A request that may show this many backward passes of the kit's own is sent."""
        self.allowed += backward

    def audit(self) -> str | None:
        """Where autograd is counted from outside (an exercise done by hand, the grader root):
        what the worker ran beyond what the requests sent so far allow, said once; else None."""
        if self.counter is None:
            return None
        try:
            counts = self.counter.read()
        except (OSError, ValueError):
            return None
        reverse = counts["reverse"] - self.seen["reverse"] - self.allowed
        forward = counts["forward"] - self.seen["forward"]
        if reverse <= 0 and forward <= 0:
            return None
        self.seen, self.allowed = dict(counts), 0
        ran = [f"{n} autograd pass{'es' * (n != 1)}" for n in (reverse,) if n > 0]
        ran += [f"forward-mode autograd ({n} counted)" for n in (forward,) if n > 0]
        return (
            "this is done by hand, and your code ran " + " and ".join(ran) + " where the grader's "
            "own calls allow none (counted from outside your process, where no code can reach)"
        )

    def _why_it_ended(self) -> str:
        if self.ended is None:
            self.ended = self._ended()
        return self.ended

    def _ended(self) -> str:
        if self.group is not None and self.group.memory_exceeded():
            self.collect()
            return (
                "Your code used more memory than a worker may (its cgroup's limit) and was stopped."
            )
        status = self.collect()
        if status is None:
            return "Your code broke the connection to the grader."
        code = os.waitstatus_to_exitcode(status)
        if code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            why = {
                "SIGXCPU": " (its CPU time limit)",
                "SIGKILL": " (killed by the system, usually for memory)",
                "SIGSEGV": " (a crash in native code)",
            }.get(name, "")
            return f"Your code ended the grading process with {name}{why}."
        return (
            f"Your code ended the grading process (exit status {code}); "
            "do not call sys.exit or os._exit."
        )

    def kill(self) -> None:
        """Stop the worker at once: SIGKILL through its pidfd (never a pid that could be reused),
        and to its process group while the worker, its leader, is not yet reaped."""
        if self.pidfd >= 0:
            try:
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
                os.killpg(self.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError, OSError):
                pass

    def collect(self) -> int | None:
        """Reap the worker (once); its wait status, or None."""
        if self._collect is None:
            return None
        collect, self._collect = self._collect, None
        return collect()

    def close(self) -> None:
        """Kill the worker, reap it, and close what the grader held of it."""
        self.kill()
        self.collect()
        if self.counter is not None:
            self.counter.close()
        self.conn.close()
        if self.pidfd >= 0:
            os.close(self.pidfd)
            self.pidfd = -1


OFF_BUDGET_SECONDS = 5.0  # CPU time a request off the budget (an explanation) may take


def fork(exercise: str, source, quiet: bool = False, lazy: bool = False) -> Worker:
    """A worker forked from this process (the student's machine): it serves `exercise` of the
    submission at `source`, a folder shaped like exercises/ or a notebook's namespace; `quiet`
    sends what it prints to /dev/null; `lazy`: see graders.isolation.worker.prepare."""
    from graders.isolation import worker

    worker.prepare(lazy)
    ours, theirs = socket.socketpair()
    status = mmap.mmap(-1, 256)
    pid = os.fork()
    if pid == 0:
        ours.close()
        worker.forked(theirs.fileno(), exercise, source, status, quiet, lazy)
    theirs.close()
    pidfd = os.pidfd_open(pid)

    def collect():
        return os.waitpid(pid, 0)[1]

    handle = Worker(pid, pidfd, ours, status, collect)  # ready when first asked (Worker.started)
    handle.warming = lazy
    return handle


def spawn(exercise: str, folder: str, limits, confine: bool = True) -> Worker:
    """A worker forked from the zygote (graders.isolation.zygote), serving `exercise` of the
    submission staged in `folder`: confined by graders.isolation.sandbox (`torchkata grade`), or
    only under the memory limit (student mode on a GPU, where a fork of the front end could not use
    CUDA). Where the grader runs as root, the worker gets a user id of its own from the machine-wide
    pool and a cgroup of its own (graders.isolation.cgroups): memory (tmpfs and memfd pages
    included), processes, and a way to end everything it leaves behind. Raises WorkerDidNotStart."""
    import tempfile

    from graders.isolation import cgroups, sandbox, zygote

    scratch = tempfile.mkdtemp(prefix="torchkata-scratch-")
    lease = group = None
    ours, theirs = socket.socketpair()
    status_fd = os.memfd_create("torchkata-status")
    os.ftruncate(status_fd, 256)
    status = mmap.mmap(status_fd, 256)
    pid, pidfd = 0, -1

    def collect():
        try:
            return zygote.get().wait(pid, 5) if pid else None
        finally:
            if group is not None:
                group.remove()
            if lease is not None:
                lease.release()
            _remove(scratch)

    try:
        if confine and os.geteuid() == 0 and cgroups.unavailable() is None:
            lease = cgroups.lease_uid()
        uid = lease.uid if lease else None
        pid, pidfd = zygote.get().fork(
            theirs.fileno(), status_fd, exercise, folder, scratch, astuple(limits), uid, confine
        )
        if lease is not None:
            group = cgroups.WorkerCgroup.create(
                lease.cgroup_name, limits.memory, sandbox.MAX_PROCESSES
            )
            group.add(pid)
    except (OSError, errors.ZygoteError, RuntimeError) as error:
        handle = Worker(pid, pidfd, ours, status, collect)
        handle.close()
        raise WorkerDidNotStart(f"the worker process did not start: {error}") from None
    finally:
        theirs.close()
        os.close(status_fd)
    handle = Worker(pid, pidfd, ours, status, collect)
    handle.group, handle.scratch = group, scratch
    handle.idle = max(limits.timeout, 1.0)
    level = handle.started()
    if confine and os.geteuid() == 0:
        handle.counter = _autograd_counter(exercise, pid)
    if level == sandbox.LANDLOCK:
        handle.watch = _scratch_watch(scratch)
    if limits.require_sandbox and level not in sandbox.CONFINED:
        handle.close()
        raise WorkerDidNotStart(
            f"--require-sandbox: only the {level!r} level is available here ({sandbox.REQUIREMENT})"
        )
    return handle


def _autograd_counter(exercise: str, pid: int):
    """A counter of the worker's autograd, from outside it (graders.isolation.uprobes), for an
    exercise done by hand; None where the exercise allows autograd or the kernel cannot count."""
    from graders.inside import guards, probes
    from graders.isolation import uprobes

    if probes.rules(exercise).autograd == guards.ALLOWED or uprobes.unavailable() is not None:
        return None
    try:
        return uprobes.AutogradCounter(pid)
    except OSError:
        return None


def _scratch_watch(scratch: str):
    """At the landlock level the grader measures the worker's scratch folder while it waits (at
    the namespaces level a tmpfs bounds it): past the budget, the worker is stopped."""
    from graders.isolation import sandbox

    def watch(worker: Worker) -> None:
        if _too_big(scratch, sandbox.SCRATCH_BYTES, sandbox.SCRATCH_INODES):
            worker.kill()
            raise WorkerLost(
                ERROR,
                f"Your code wrote more than {sandbox.SCRATCH_BYTES // 2**20} MiB "
                f"(or {sandbox.SCRATCH_INODES} files) in its scratch folder.",
            )

    return watch


def _too_big(folder: str, most_bytes: int, most_entries: int) -> bool:
    """Whether `folder` holds more than `most_bytes` or `most_entries`, by lstat only. A folder
    the worker made unreadable (the grader runs as the same user) is opened up and measured."""
    total, count, stack = 0, 0, [folder]
    while stack:
        path = stack.pop()
        try:
            entries = list(os.scandir(path))
        except PermissionError:
            _open_up(path)
            try:
                entries = list(os.scandir(path))
            except OSError:
                return True  # what cannot be measured does not pass
        except OSError:
            continue
        for entry in entries:
            count += 1
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            total += info.st_blocks * 512
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            if count > most_entries or total > most_bytes:
                return True
    return False


def _open_up(path: str) -> None:
    try:
        os.chmod(path, 0o700, follow_symlinks=False)
    except OSError:
        pass


def _remove(folder: str) -> None:
    """Remove a worker's scratch folder, whatever modes the worker left on what it holds."""
    import shutil

    def retry(function, path, _):
        _open_up(os.path.dirname(path))
        _open_up(path)
        try:
            function(path)
        except OSError:
            pass

    shutil.rmtree(folder, onerror=retry)


class InProcess:
    """Where this platform cannot fork (Windows): the worker's request loop in this process,
    under the exercise's rules while each request runs. Replies are copied as the channel would
    copy them. The time budget can only be checked when a request returns."""

    level = "none"

    def __init__(self, exercise: str, source):
        from graders.inside import probes
        from graders.isolation import worker

        self.serving = worker.Serving(exercise, source)
        self.rules = probes.rules(exercise)

    def ask(self, request, budget: Budget | None):
        from graders.inside import guards
        from graders.isolation import worker

        started = time.process_time()
        undo = guards.install(self.rules)
        try:
            reply = self.serving.answer(
                plain.decode(plain.encode(request, records=True), records=True)
            )
        finally:
            undo()
        used = time.process_time() - started
        if budget is not None:
            budget.used += used
            if budget.used > budget.seconds:
                raise WorkerLost(
                    TIMEOUT,
                    f"your code used more than {budget.seconds:g} s of CPU time"
                    f"{' ' + budget.what if budget.what else ''}.",
                )
        return plain.decode(worker.encoded(reply))

    def allow(self, backward: int) -> None:
        pass

    def audit(self) -> None:
        return None

    def close(self) -> None:
        pass


def start(exercise: str, source, device: str = "cpu", quiet: bool = False, lazy: bool = False):
    """A worker for student mode (pytest, watch, a notebook): a fork of this process where the
    platform forks and the checks run on the CPU; from the zygote for a GPU (a fork of a process
    that has used CUDA cannot); in this process where nothing can be forked."""
    if not hasattr(os, "fork"):
        return InProcess(exercise, source)
    if device != "cpu" and not isinstance(source, dict):
        from graders.isolation import sandbox

        worker = spawn(exercise, str(source), sandbox.Limits(), confine=False)
        worker.idle = None
        return worker
    worker = fork(exercise, source, quiet, lazy)
    worker.idle = None  # the student may be in a debugger: only the CPU budget applies
    return worker
