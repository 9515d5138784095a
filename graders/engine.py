"""The grading engine: one submission in, one report out.

The grader process (this module) draws the examples, runs the judges and the torch references
and keeps the score. The submission's code runs only in a worker (graders.worker), reached
through graders.channel: each probe call is a request and a plain-data reply. When the worker
dies (sys.exit, os._exit, a segfault, a limit) or an exercise runs past its timeout, that
exercise scores 0 with the reason, the worker is thrown away, and the next exercise gets a
fresh one. Grading mode only: the same submission always gets the same report.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import os
import platform
import shutil
import signal
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import torch

from graders import catalog, channel, notebooks, sandbox, scoring
from graders.feedback import NotImplementedYet, SubmissionRaised
from graders.scoring import CheckResult
from graders.worker import Limits, serve

_forkserver = multiprocessing.get_context("forkserver")
_forkserver.set_forkserver_preload(["graders.worker"])

STARTUP_SECONDS = 120
SANDBOX = {
    sandbox.NAMESPACES: "namespaces: no network; the grader's files hidden; own user id; rlimits (address space, CPU, file size, processes); own session; a timeout per exercise",
    sandbox.RLIMITS: "rlimits only: own session; rlimits (address space, CPU, file size); a timeout per exercise; the network and the files of the grader's user are reachable",
}


class WorkerDidNotStart(RuntimeError):
    """The grader could not start a worker (or not at the required sandbox level)."""


class WorkerLost(BaseException):
    """The worker stopped answering. A BaseException, like NotImplementedYet, so that neither
    hypothesis nor the check runner treats it as one failed example: it ends the exercise."""

    def __init__(self, status: str, message: str):
        super().__init__(message)
        self.status, self.message = status, message


class Worker:
    """One submission's worker process."""

    def __init__(self, root: Path, hidden: list[str], limits: Limits):
        self.limits = limits
        self.level = sandbox.RLIMITS
        self.conn, theirs = _forkserver.Pipe()
        self.process = _forkserver.Process(target=serve, args=(theirs, str(root), hidden, limits), daemon=True)
        self.process.start()
        theirs.close()
        # The first worker also starts the forkserver (importing torch): grader time, not the
        # student's, so it is waited for here, before any exercise's clock starts. A worker
        # that does not start is the grader's failure, never a zero for the student.
        try:
            ready = self.conn.poll(STARTUP_SECONDS) and self.conn.recv_bytes(64).decode()
        except (EOFError, OSError):
            ready = None
        if not ready or not ready.startswith("ready "):
            self.stop()
            raise WorkerDidNotStart(f"the worker process did not start (exit code {self.process.exitcode})")
        self.level = ready.removeprefix("ready ")
        if limits.require_sandbox and self.level != sandbox.NAMESPACES:
            self.stop()
            raise WorkerDidNotStart(f"--require-sandbox: only the {self.level!r} level is available here ({sandbox.REQUIREMENT})")

    def ask(self, request, deadline: float):
        """Send a request and wait for the reply until `deadline` (time.monotonic())."""
        try:
            self.conn.send_bytes(channel.encode(request))
            if not self.conn.poll(max(0.0, deadline - time.monotonic())):
                raise WorkerLost("timeout", f"Your code took longer than {self.limits.timeout:g} s on this exercise.")
            return channel.decode(self.conn.recv_bytes(channel.MAX_BYTES))
        except (EOFError, OSError):
            raise WorkerLost("error", self._why_it_ended()) from None
        except channel.ChannelError as error:
            raise WorkerLost("error", f"Your code sent back something that is not plain data: {error}.") from None

    def _why_it_ended(self) -> str:
        self.process.join(timeout=5)
        code = self.process.exitcode
        if code is None:
            return "Your code broke the connection to the grader."
        if code < 0:
            name = signal.Signals(-code).name
            why = {"SIGXCPU": " (the CPU time limit)", "SIGKILL": " (killed, usually for memory)"}.get(name, "")
            return f"Your code ended the grading process with {name}{why}."
        return f"Your code ended the grading process (exit status {code}); do not call sys.exit or os._exit."

    def stop(self) -> None:
        """Kill the worker and everything it started."""
        if self.process.pid:
            sandbox.kill_leftovers(self.process.pid, self.level)
        self.process.join(timeout=5)
        self.conn.close()


@dataclass
class RemoteRunner:
    """What a check receives as `sub` when grading: the same `run(probe, *args)` as
    graders.probe.Runner, answered by the worker."""

    worker: Worker
    exercise: str
    deadline: float
    device = torch.device("cpu")

    def load(self) -> None:
        self._reply(("load", self.exercise))

    def run(self, probe, *args):
        return self._reply(("run", self.exercise, probe.__module__, probe.__name__, args))

    def _reply(self, request):
        reply = self.worker.ask(request, self.deadline)
        kind = reply[0] if type(reply) is tuple and reply and type(reply[0]) is str else None
        if kind == "ok" and len(reply) == 2:
            return reply[1]
        if kind == "not-implemented" and len(reply) == 2:
            raise NotImplementedYet(str(reply[1]))
        if kind == "raised" and len(reply) == 3:
            raise SubmissionRaised(str(reply[1]), detail=reply[2] if isinstance(reply[2], str) else None)
        raise WorkerLost("error", "Your code sent back a reply the grader does not understand.")


def grade(root: Path, exercises: list[str] | None = None, limits: Limits = Limits()) -> dict:
    """Grade the submission at `root` and return its report.

    `root` is a folder shaped like exercises/ (a1_backprop/manual_backprop.py, ...), or flat
    (the module files at its top level, as a Gradescope upload often is), or nbgrader notebooks:
    one notebook, or a folder holding them (graders.notebooks reads them back into modules).
    The worker sees a private copy of the submission's Python code, laid out like exercises/,
    and where the sandbox allows, not `root` itself, nor its parent folder (other students),
    nor the grader's own files.
    """
    started = time.monotonic()
    _start_forkserver()
    torch.set_num_threads(1)
    folder = root if root.is_dir() else root.parent
    with tempfile.TemporaryDirectory(prefix="torchkata-submission-") as staging:
        absent = stage(root, Path(staging))
        if not exercises:  # all of them; a single notebook is graded on its assignment
            held = {e.split("/")[0] for e in catalog.EXERCISES if e not in absent or absent[e][0] == "error"} if root.is_file() else ()
            exercises = [e for e in catalog.EXERCISES if not held or e.split("/")[0] in held]
        hide = [*_graders_files(), str(folder), str(folder.resolve().parent), str(Path.home())]
        entries, level = _grade_staged(Path(staging), [(e, absent.get(e)) for e in exercises], hide, limits)
    return {
        "score": sum(e["score"] for e in entries),
        "max_score": sum(e["max_score"] for e in entries),
        "exercises": entries,
        "versions": versions(),
        "sandbox": SANDBOX.get(level, "no code of the submission ran"),
        "seconds": round(time.monotonic() - started, 3),
    }


def _start_forkserver() -> None:
    """Start the workers' parent now (it imports torch while the grader draws examples), with an
    empty environment: it and the workers it forks hold nothing of the grader's (no tokens)."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(sandbox.CLEAN_ENVIRONMENT)
    try:
        multiprocessing.forkserver.ensure_running()
    finally:
        os.environ.clear()
        os.environ.update(saved)


def forget_inherited_forkserver() -> None:
    """For a grader process forked from one that had already started the forkserver (grade-batch
    called from a program that graded before): start one of its own when needed. The inherited
    one is not its child, and multiprocessing's liveness check (os.waitpid) fails on it with
    ECHILD. This resets what multiprocessing itself resets when its forkserver has died."""
    server = multiprocessing.forkserver._forkserver
    server._forkserver_pid = server._forkserver_address = server._forkserver_alive_fd = None


def draw_examples(exercises: list[str]) -> None:
    """Draw (once per process) the examples grading mode replays for these exercises."""
    for exercise in exercises:
        for chk in scoring.checks_of(catalog.grader(exercise)):
            if chk.strategies:
                scoring.drawn_examples(chk)


def stage(root: Path, staging: Path) -> dict[str, tuple[str, str]]:
    """Copy the submission's Python code into `staging`, laid out like exercises/; return
    {exercise: (status, why)} for every exercise it lacks: "missing", or "error" when the
    notebook that should hold it does not parse. A module at the top level of a flat upload
    goes to its assignment; a module written as a .py file wins over the same exercise in a
    notebook, and the notebook named after its assignment (the one nbgrader grades) over other
    notebooks."""
    found, unreadable = set(), {}
    if root.is_dir():
        shutil.copytree(root, staging, dirs_exist_ok=True, ignore=lambda d, names: [n for n in names if not (n.endswith(".py") or Path(d, n).is_dir()) or n.startswith(".") or n == "__pycache__"])
    for exercise in catalog.EXERCISES:
        nested, flat = staging / f"{exercise}.py", staging / f"{exercise.split('/')[1]}.py"
        if not nested.is_file() and flat.is_file():
            nested.parent.mkdir(exist_ok=True)
            shutil.copy(flat, nested)
        if nested.is_file():
            found.add(exercise)
    found_notebooks = [p for p in root.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts] if root.is_dir() else [root]
    for path in sorted(found_notebooks, key=lambda p: (p.stem not in catalog.ASSIGNMENTS, p)):  # a1_backprop.ipynb before a copy of it
        try:
            sources = notebooks.exercise_sources(path)
        except notebooks.NotebookError as error:
            shown = path.relative_to(root).as_posix() if root.is_dir() else path.name
            assignment = path.stem if path.stem in catalog.ASSIGNMENTS else None
            unreadable.update({e: f"{shown} {error}" for e in catalog.EXERCISES if assignment is None or e.startswith(assignment + "/")})
            continue
        for exercise, source in sources.items():
            if exercise not in found:
                (staging / exercise).parent.mkdir(exist_ok=True)
                (staging / f"{exercise}.py").write_text(source)
                found.add(exercise)
    absent = {}
    for exercise in (e for e in catalog.EXERCISES if e not in found):
        if exercise in unreadable:
            absent[exercise] = ("error", unreadable[exercise])
        elif found_notebooks:
            absent[exercise] = ("missing", f"{exercise} is missing: no notebook has its solution cell (grade_id {exercise.split('/')[1]}).")
        else:
            absent[exercise] = ("missing", f"{exercise}.py is missing from the submission.")
    return absent


def _graders_files() -> list[str]:
    """The grader's own files: this package and, in a checkout of the kit, its other folders."""
    package = Path(__file__).resolve().parent
    kit = package.parent
    extra = [kit / name for name in ("solutions", "tests", "assignments", "exercises")] if (kit / "pyproject.toml").is_file() else []
    return [str(package), *map(str, extra)]


def _grade_staged(root: Path, exercises: list[tuple[str, tuple[str, str] | None]], hidden: list[str], limits: Limits) -> tuple[list[dict], str | None]:
    worker = None
    level = None
    entries = []
    try:
        for exercise, absent in exercises:
            checks = scoring.checks_of(catalog.grader(exercise))
            if absent:  # (status, why)
                entries.append(exercise_entry(exercise, absent[0], _all_lost(checks, absent[1])))
                continue
            draw_examples([exercise])  # once per process, and not on the student's clock
            worker = worker or Worker(root, hidden, limits)
            level = worker.level
            runner = RemoteRunner(worker, exercise, time.monotonic() + limits.timeout)
            try:
                runner.load()
                results, status = [scoring.run_check(c, runner, grading=True) for c in checks], "graded"
            except (SubmissionRaised, NotImplementedYet) as failed:  # at import
                message = getattr(failed, "message", None) or f"not implemented yet: {failed}"
                results, status = _all_lost(checks, message), "error"
            except WorkerLost as lost:
                worker.stop()
                worker = None
                results, status = _all_lost(checks, lost.message), lost.status
            entries.append(exercise_entry(exercise, status, results))
            if worker:  # nothing an exercise started lives on into the next one
                sandbox.kill_children(worker.process.pid, worker.level)
    finally:
        if worker:
            worker.stop()
    return entries, level


def _all_lost(checks, message: str) -> list[CheckResult]:
    """Every check of an exercise lost for one reason (missing, not importable, worker lost)."""
    return [CheckResult(c.name, c.points, False, message) for c in checks]


def exercise_entry(name: str, status: str, results: list[CheckResult]) -> dict:
    return {
        "name": name,
        "score": sum(r.score for r in results),
        "max_score": sum(r.points for r in results),
        "status": status,
        "checks": [
            {
                "name": r.name,
                "score": r.score,
                "max_score": r.points,
                "passed": r.passed,
                "message": r.message,
                "example": r.example,
            }
            for r in results
        ],
    }


def versions() -> dict:
    """What the derandomized examples depend on; a course pins these for a term."""
    found = {"python": platform.python_version()}
    for package in ("torchkata", "torch", "hypothesis", "numpy"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "unknown"
    return found
