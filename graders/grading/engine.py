"""The grading engine: one submission in, one report out.

The grader process (this module) reads the submission as data (graders.isolation.staging), screens
its source (graders.isolation.screen), draws the examples, runs the judges and the torch references
and keeps the score, through the service every front end shares (graders.grading.service). The
submission's code runs only in workers (graders.isolation.worker), one per exercise, forked from the
pristine zygote and confined (graders.isolation.launch, graders.isolation.sandbox); only plain data
crosses. A worker that dies or outlasts its CPU time is thrown away: that check fails with the
reason, and the next check gets a new worker (past the exercise's CPU budget, the rest of its checks
are not run). Grading mode only: the same submission always gets the same report.
"""

from __future__ import annotations

import os
import platform
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

import torch

from graders import catalog, modes, results
from graders.checks import scoring
from graders.errors import (  # noqa: F401 - the engine's vocabulary
    IntegrityFlag,
    NotImplementedYet,
    WorkerDidNotStart,
    WorkerLost,
    integrity_message,
)
from graders.grading import service
from graders.inside import guards, probes
from graders.isolation import launch, sandbox, screen, staging, zygote
from graders.isolation.sandbox import Limits
from graders.results import CheckResult, ExerciseResult, Report


class Workers:
    """The workers of one submission's exercises, each started while the exercise before it is
    graded, and each collected after it is killed, by one helper thread. Starting a worker (a
    fork, then its sandbox) and collecting one (its exit, its cgroup, its scratch folder) take
    about 30 ms each, a third of a second per submission when done in line; the helper does them
    on the core that the grader and the worker, taking turns, leave idle. A worker that did not
    start raises WorkerDidNotStart when its exercise asks for it, as before."""

    def __init__(self, folder: str, limits: Limits):
        self.folder, self.limits = folder, limits
        self.helper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="torchkata-workers")
        self.starting: dict[str, Future] = {}

    def start_after(self, exercise: str, order: list[str]) -> None:
        """Make sure `exercise`'s worker is starting, and the next one of `order` after it."""
        for name in order[order.index(exercise) : order.index(exercise) + 2]:
            if name not in self.starting:
                self.starting[name] = self.helper.submit(self._spawn, name)

    def _spawn(self, exercise: str) -> launch.Worker:
        return launch.spawn(exercise, self.folder, self.limits)

    def take(self, exercise: str) -> launch.Worker:
        """The worker started ahead for `exercise`, or a new one."""
        future = self.starting.pop(exercise, None)
        return future.result() if future is not None else self._spawn(exercise)

    def done(self, worker: launch.Worker) -> None:
        """Kill the worker now; collect it in the background."""
        worker.kill()
        self.helper.submit(worker.close)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        """Stop the workers that were started ahead but not used, and wait for every collection."""
        for future in self.starting.values():
            future.add_done_callback(lambda f: f.exception() is None and f.result().close())
        self.helper.shutdown(wait=True)


def grade(
    root: Path, exercises: list[str] | None = None, limits: Limits | None = None, seed: str = ""
) -> Report:
    """Grade the submission at `root` and return its report.

    `root` is a folder shaped like exercises/ (a1_backprop/manual_backprop.py, ...), or flat
    (the module files at its top level, as a Gradescope upload often is), or holds that layout
    one level down, or is nbgrader notebooks: one notebook, or a folder holding them. It is read
    as data (graders.isolation.staging); each exercise's worker sees only its own copy of what was
    read.
    """
    started = time.monotonic()
    limits, seed = limits or Limits(), seed or modes.course_seed()
    torch.set_num_threads(1)
    zygote.get()  # it imports torch while this process reads the submission and draws examples
    staged = staging.stage(str(root), is_file=root.is_file())
    if not exercises:  # all of them; a single notebook is graded on its assignment
        held = (
            {
                e.split("/")[0]
                for e in catalog.EXERCISES
                if staged.source(e) is not None or staged.absent.get(e, ("",))[0] == results.ERROR
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
        present = [e for e in exercises if e not in staged.absent]
        by_hand = [e for e in present if probes.rules(e) != guards.FREE]
        screened = screen.submission(staged.modules, present, strict=by_hand)
        found = screened.refused
        ahead = [e for e in exercises if e in found and not found[e]]  # those whose code runs
        for exercise in exercises:
            if exercise in ahead:
                workers.start_after(exercise, ahead)
            result, used = _grade_exercise(exercise, staged, found.get(exercise), workers, seed)
            graded.append(result)
            level = used or level
    scoring.root_causes({e.name: e.checks for e in graded})
    return Report(
        graded,
        versions=versions(seed),
        sandbox=sandbox.describe(level) if level else "no code of the submission ran",
        staging={
            "base": staged.base,
            "refused": [{"path": launch.text(p, 300), "reason": r} for p, r in staged.refused[:50]],
        },
        seconds=round(time.monotonic() - started, 3),
        review=results.cleaned(screen.flags(screened.review)),
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


def not_graded(name: str, why: str, exercises: list[str] | None = None) -> Report:
    """The report of a submission the grader itself failed on: every check withheld (never a
    zero for the student), saying why, so that the student still has a row, flagged."""
    graded = [
        ExerciseResult(e, results.ERROR, _all_lost(e, why, results.GRADER_ERROR))
        for e in exercises or catalog.EXERCISES
    ]
    return Report(graded, versions=versions(), staging={"base": "", "refused": []})


def _grade_exercise(
    exercise: str, staged: staging.Staged, found: list | None, workers: Workers, seed: str
) -> tuple[ExerciseResult, str | None]:
    """One exercise's result, and the sandbox level its worker reached (None when no worker ran).
    `found`: what the source screen refused in the exercise's code."""
    if exercise in staged.absent:
        status, why = staged.absent[exercise]
        return ExerciseResult(exercise, status, _all_lost(exercise, why)), None
    if found:
        flags = results.cleaned(screen.flags(found))
        return ExerciseResult(
            exercise,
            results.INTEGRITY,
            _all_lost(exercise, integrity_message(flags), results.INTEGRITY),
            flags,
        ), None
    draw_examples([exercise], seed)  # once per process, and not on the student's clock
    session = service.Session(
        grading=True, seconds=workers.limits.timeout, per_exercise=True, seed=seed
    )
    runner = service.Runner(exercise, lambda: workers.take(exercise), session)
    runner.dispose = workers.done
    try:
        failed = service.load(runner)
        grader = catalog.grader(exercise)
        if failed is None:
            checks = [service.run_check(c, runner) for c in scoring.checks_of(grader)]
            status = runner.lost or results.GRADED
        else:
            checks = [service.lost(c, exercise, failed) for c in scoring.checks_of(grader)]
            status = (
                results.GRADED
                if isinstance(failed, NotImplementedYet)
                else results.INTEGRITY
                if isinstance(failed, IntegrityFlag)
                else getattr(failed, "status", results.ERROR)
            )
    finally:
        runner.close()
    # what was counted from outside the worker (graders.isolation.uprobes) is an integrity flag too
    flags = results.cleaned(
        list(dict.fromkeys(c.problem for c in checks if c.status == results.INTEGRITY))
    )
    return ExerciseResult(exercise, status, checks, flags), runner.level


def draw_examples(exercises: list[str], seed: str | None = None) -> None:
    """Draw (once per process) the examples grading mode replays for these exercises."""
    session = service.Session(grading=True, seed=seed or modes.course_seed())
    for exercise in exercises:
        for chk in scoring.checks_of(catalog.grader(exercise)):
            service.examples(chk, session, exercise)


def _all_lost(exercise: str, why: str, status: str = results.FAILED) -> list[CheckResult]:
    """Every check of an exercise lost for one reason (missing, not importable, worker lost)."""
    return [
        CheckResult(c.name, c.points, status, exercise, problem=why)
        for c in scoring.checks_of(catalog.grader(exercise))
    ]


def versions(seed: str = "") -> dict:
    """What the examples depend on (a course pins these for a term), and the hash of the seed
    they were drawn from."""
    found = {
        "python": platform.python_version(),
        "seed": modes.seed_hash(seed or modes.course_seed()),
    }
    for package in ("torchkata", "torch", "hypothesis", "numpy"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "unknown"
    return found
