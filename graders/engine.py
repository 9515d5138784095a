"""The grading engine: one submission in, one report out.

The grader process (this module) reads the submission as data (graders.staging), screens its
source (graders.screen), draws the examples, runs the judges and the torch references and
keeps the score. The submission's code runs only in workers (graders.worker), one per
exercise, reached through graders.channel: each probe call is a request and a plain-data reply.
When a worker dies (sys.exit, os._exit, a segfault, a limit), sends something that is not plain
data, or runs past its timeout, that exercise scores 0 with the reason, and the worker is
thrown away. Grading mode only: the same submission always gets the same report.
"""

from __future__ import annotations

import os
import platform
import select
import shutil
import signal
import socket
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import astuple, dataclass
from importlib import metadata
from pathlib import Path

import torch

from graders import catalog, channel, plain, results, sandbox, scoring, screen, staging, zygote
from graders.feedback import (
    CheckFailed,
    GraderError,
    IntegrityFlag,
    NotImplementedYet,
    SubmissionRaised,
    integrity_message,
)
from graders.results import CheckResult, ExerciseResult, Report
from graders.worker import Limits

WATCH_SECONDS = 0.1  # how often the grader looks at a worker's scratch folder while it waits
MAX_TEXT = 2000  # characters of a message that came from a worker


class WorkerDidNotStart(RuntimeError):  # raised for the kit's own failures: never a student's zero
    """The grader could not start a worker (or not at the required sandbox level)."""


class WorkerLost(BaseException):
    """The worker stopped answering. A BaseException, like NotImplementedYet, so that neither
    hypothesis nor the check runner treats it as one failed example: it ends the exercise."""

    def __init__(self, status: str, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def _text(value, limit: int = MAX_TEXT) -> str:
    """A worker's text, cut to `limit` characters."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Worker:
    """One worker process, for one exercise of one submission."""

    def __init__(self, exercise: str, submission: str, limits: Limits):
        self.limits = limits
        self.level = sandbox.RLIMITS
        self.scratch = tempfile.mkdtemp(prefix="torchkata-scratch-")
        self.conn, theirs = socket.socketpair()
        self.pid = None
        # The first worker waits for the zygote to import torch: grader time, not the
        # student's, spent before any exercise's clock starts. A worker that does not start
        # is the grader's failure, never a zero for the student.
        try:
            self.pid = zygote.get().fork(
                theirs.fileno(), exercise, submission, self.scratch, astuple(limits)
            )
            ready = plain.decode(
                channel.receive(
                    self.conn.fileno(), time.monotonic() + zygote.STARTUP_SECONDS, limit=256
                )
            )
        except (
            EOFError,
            OSError,
            zygote.ZygoteError,
            channel.ChannelError,
            plain.PlainDataError,
        ) as error:
            ready = error
        finally:
            theirs.close()
        if not (
            type(ready) is tuple
            and len(ready) == 2
            and ready[0] == "ready"
            and ready[1] in (sandbox.NAMESPACES, sandbox.LANDLOCK, sandbox.RLIMITS)
        ):
            why = self._why_it_ended() if self.pid else str(ready)
            self.stop()
            raise WorkerDidNotStart(f"the worker process did not start: {why}")
        self.level = ready[1]
        if limits.require_sandbox and self.level not in sandbox.CONFINED:
            self.stop()
            raise WorkerDidNotStart(
                f"--require-sandbox: only the {self.level!r} level is available here "
                f"({sandbox.REQUIREMENT})"
            )

    def ask(self, request, deadline: float):
        """Send a request and wait for the whole reply until `deadline` (time.monotonic())."""
        fd = self.conn.fileno()
        try:
            channel.send(fd, plain.encode(request, records=True))
            self._wait(fd, deadline)
            return plain.decode(channel.receive(fd, deadline))
        except channel.ChannelTimeout:
            raise WorkerLost(
                "timeout", f"Your code took longer than {self.limits.timeout:g} s on this exercise."
            ) from None
        except (EOFError, OSError):
            raise WorkerLost("error", self._why_it_ended()) from None
        except (channel.ChannelError, plain.PlainDataError) as error:
            raise WorkerLost(
                "error", _text(f"Your code sent back something that is not plain data: {error}.")
            ) from None

    def _wait(self, fd: int, deadline: float) -> None:
        """Until the reply starts, or the deadline; at the landlock level, stop a worker whose
        scratch folder outgrows its budget (at the namespaces level a tmpfs bounds it)."""
        while not select.select(
            [fd], [], [], max(0.0, min(WATCH_SECONDS, deadline - time.monotonic()))
        )[0]:
            if time.monotonic() >= deadline:
                raise channel.ChannelTimeout("no reply before the deadline")
            if self.level == sandbox.LANDLOCK and _too_big(self.scratch):
                raise WorkerLost(
                    "error",
                    f"Your code wrote more than {sandbox.SCRATCH_BYTES // 2**20} MiB "
                    f"(or {sandbox.SCRATCH_INODES} files) in its scratch folder.",
                )

    def _why_it_ended(self) -> str:
        try:
            status = zygote.get().wait(self.pid, 5)
        except zygote.ZygoteError:
            status = None
        self.pid = None if status is not None else self.pid  # collected
        if status is None:
            return "Your code broke the connection to the grader."
        code = os.waitstatus_to_exitcode(status)
        if code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            why = {
                "SIGXCPU": " (the CPU time limit)",
                "SIGKILL": " (killed, usually for memory)",
            }.get(name, "")
            return f"Your code ended the grading process with {name}{why}."
        return (
            f"Your code ended the grading process (exit status {code}); "
            "do not call sys.exit or os._exit."
        )

    def kill(self) -> None:
        """Stop the worker's code at once (SIGKILL to its process group)."""
        if self.pid:
            sandbox.kill_group(self.pid)

    def stop(self) -> None:
        """Kill the worker, collect it, then kill anything it left (at the namespaces level, every
        process of its user id), and remove its scratch folder."""
        if self.pid:
            sandbox.kill_group(self.pid)
            try:
                zygote.get().wait(self.pid, 5)
            except zygote.ZygoteError:
                pass
            sandbox.kill_leftovers(self.pid, self.level)
        self.conn.close()
        shutil.rmtree(self.scratch, ignore_errors=True)


class Workers:
    """The workers of one submission's exercises, each started while the exercise before it is
    graded, and each collected after it is killed, by one helper thread. Starting a worker
    (a fork, then its sandbox) and collecting one (its exit, its leftovers, its scratch folder)
    take about 30 ms each, a third of a second per submission when done in line; the helper does
    them on the core that the grader and the worker, taking turns, leave idle. A worker that
    did not start raises WorkerDidNotStart when its exercise asks for it, as before."""

    def __init__(self, folder: str, limits: Limits):
        self.folder, self.limits = folder, limits
        self.helper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="torchkata-workers")
        self.starting: dict[str, Future] = {}

    def start_after(self, exercise: str, order: list[str]) -> None:
        """Make sure `exercise`'s worker is starting, and the next one of `order` after it."""
        for name in order[order.index(exercise) : order.index(exercise) + 2]:
            if name not in self.starting:
                self.starting[name] = self.helper.submit(Worker, name, self.folder, self.limits)

    def get(self, exercise: str) -> Worker:
        if exercise not in self.starting:
            self.starting[exercise] = self.helper.submit(Worker, exercise, self.folder, self.limits)
        return self.starting.pop(exercise).result()

    def done(self, worker: Worker) -> None:
        """Kill the worker now; collect it in the background."""
        worker.kill()
        self.helper.submit(worker.stop)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        """Stop the workers that were started ahead but not used, and wait for every collection."""
        for future in self.starting.values():
            future.add_done_callback(lambda f: f.exception() is None and f.result().stop())
        self.helper.shutdown(wait=True)


def _too_big(folder: str) -> bool:
    """Whether `folder` holds more than the scratch budget (files, or bytes), by lstat only."""
    total, count, stack = 0, 0, [folder]
    while stack:
        try:
            with os.scandir(stack.pop()) as entries:
                for entry in entries:
                    count += 1
                    info = entry.stat(follow_symlinks=False)
                    total += info.st_blocks * 512
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
                    if count > sandbox.SCRATCH_INODES or total > sandbox.SCRATCH_BYTES:
                        return True
        except OSError:
            continue
    return False


@dataclass
class RemoteRunner:
    """What a check receives as `sub` when grading: the same `run(probe, *args)` as
    graders.probe.Runner, answered by the worker."""

    worker: Worker
    exercise: str
    deadline: float
    device = torch.device("cpu")

    def load(self) -> None:
        self._reply(("load",))

    def run(self, probe, *args):
        return self._reply(("run", probe.__module__, probe.__name__, args))

    def _reply(self, request):
        reply = self.worker.ask(request, self.deadline)
        kind = reply[0] if type(reply) is tuple and reply and type(reply[0]) is str else None
        size = {
            "ok": 2,
            "not-implemented": 2,
            "integrity": 2,
            "raised": 3,
            "failed": 3,
            "grader-error": 2,
        }.get(kind)
        if size != len(reply):
            raise WorkerLost("error", "Your code sent back a reply the grader does not understand.")
        if kind == "ok":
            return reply[1]
        if kind == "not-implemented":
            raise NotImplementedYet(_text(reply[1]))
        if kind == "integrity":
            raise IntegrityFlag(
                [_text(f, 300) for f in (reply[1] if type(reply[1]) is list else [reply[1]])][:10]
            )
        detail = _text(reply[2]) if isinstance(reply[2] if len(reply) > 2 else None, str) else None
        if kind == "raised":
            raise SubmissionRaised(_text(reply[1]), detail=detail)
        if kind == "failed":
            raise CheckFailed(_text(reply[1]), detail=detail)
        raise GraderError(_text(reply[1]))  # a probe of the kit's failed in the worker


def grade(root: Path, exercises: list[str] | None = None, limits: Limits = Limits()) -> Report:
    """Grade the submission at `root` and return its report.

    `root` is a folder shaped like exercises/ (a1_backprop/manual_backprop.py, ...), or flat
    (the module files at its top level, as a Gradescope upload often is), or holds that layout
    one level down, or is nbgrader notebooks: one notebook, or a folder holding them. It is read
    as data (graders.staging); each exercise's worker sees only its own copy of what was read.
    """
    started = time.monotonic()
    torch.set_num_threads(1)
    zygote.get()  # it imports torch while this process reads the submission and draws examples
    staged = staging.stage(str(root), is_file=root.is_file())
    if not exercises:  # all of them; a single notebook is graded on its assignment
        held = (
            {
                e.split("/")[0]
                for e in catalog.EXERCISES
                if staged.source(e) is not None or staged.absent.get(e, ("",))[0] == "error"
            }
            if root.is_file()
            else ()
        )
        exercises = [e for e in catalog.EXERCISES if not held or e.split("/")[0] in held]
    level = None
    graded = []
    with (
        tempfile.TemporaryDirectory(prefix="torchkata-submission-") as folder,
        Workers(folder, limits) as workers,
    ):
        os.chmod(folder, 0o755)  # readable by a worker that runs under its own user id
        staging.write(staged, folder)
        found = {
            e: screen.exercise_findings(staged.modules, e)
            for e in exercises
            if e not in staged.absent
        }
        ahead = [e for e in exercises if e in found and not found[e]]  # those whose code runs
        for exercise in exercises:
            if exercise in ahead:
                workers.start_after(exercise, ahead)
            result, used = _grade_exercise(exercise, staged, found.get(exercise), workers)
            graded.append(result)
            level = used or level
    scoring.root_causes({e.name: e.checks for e in graded})
    return Report(
        graded,
        versions=versions(),
        sandbox=sandbox.describe(level) if level else "no code of the submission ran",
        staging={
            "base": staged.base,
            "refused": [{"path": _text(p, 300), "reason": r} for p, r in staged.refused[:50]],
        },
        seconds=round(time.monotonic() - started, 3),
    )


def refused(name: str, why: str, exercises: list[str] | None = None) -> Report:
    """The report of a submission that is not read at all (a class folder's entry that is a
    link, say): every exercise an error, saying why."""
    graded = [
        ExerciseResult(e, results.ERROR, _all_lost(e, why)) for e in exercises or catalog.EXERCISES
    ]
    return Report(
        graded,
        versions=versions(),
        staging={"base": "", "refused": [{"path": name, "reason": why}]},
    )


def _grade_exercise(
    exercise: str, staged: staging.Staged, found: list | None, workers: Workers
) -> tuple[ExerciseResult, str | None]:
    """One exercise's result, and the sandbox level its worker reached (None when no worker ran).
    `found`: what the source screen refused in the exercise's code."""
    if exercise in staged.absent:
        status, why = staged.absent[exercise]
        return ExerciseResult(exercise, status, _all_lost(exercise, why)), None
    if found:
        flags = screen.flags(found)
        return ExerciseResult(
            exercise,
            results.INTEGRITY,
            _all_lost(exercise, integrity_message(flags), results.INTEGRITY),
            flags,
        ), None
    draw_examples([exercise])  # once per process, and not on the student's clock
    worker = workers.get(exercise)
    limits = workers.limits
    try:
        runner = RemoteRunner(worker, exercise, time.monotonic() + limits.timeout)
        try:
            runner.load()
            checks = [
                scoring.run_check(c, runner, grading=True, exercise=exercise)
                for c in scoring.checks_of(catalog.grader(exercise))
            ]
            graded = ExerciseResult(exercise, results.GRADED, checks)
        except (SubmissionRaised, NotImplementedYet) as failed:  # at import
            message = getattr(failed, "message", None) or f"not implemented yet: {failed}"
            graded = ExerciseResult(exercise, results.ERROR, _all_lost(exercise, message))
        except WorkerLost as lost:
            graded = ExerciseResult(exercise, lost.status, _all_lost(exercise, lost.message))
    finally:
        workers.done(worker)
    return graded, worker.level


def draw_examples(exercises: list[str]) -> None:
    """Draw (once per process) the examples grading mode replays for these exercises."""
    for exercise in exercises:
        for chk in scoring.checks_of(catalog.grader(exercise)):
            if chk.strategies:
                scoring.drawn_examples(chk)


def _all_lost(exercise: str, why: str, status: str = results.FAILED) -> list[CheckResult]:
    """Every check of an exercise lost for one reason (missing, not importable, worker lost)."""
    return [
        CheckResult(c.name, c.points, status, exercise, problem=why)
        for c in scoring.checks_of(catalog.grader(exercise))
    ]


def versions() -> dict:
    """What the derandomized examples depend on; a course pins these for a term."""
    found = {"python": platform.python_version()}
    for package in ("torchkata", "torch", "hypothesis", "numpy"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "unknown"
    return found
