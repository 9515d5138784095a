"""pytest integration: the options students and tools use, one test per check, a quiet report.

Options:
  --impl exercises|solutions|PATH   which implementation to grade (default: exercises)
  --grading                         grading mode (also on when CI=true): derandomized, no database
  --device cpu|cuda                 where the tensors live (cuda needs CUDA: a usage error
                                    without it)

Each exercise's thin test file is `test_<module> = checks_as_tests(<grader module>)`: one test per
check, named after it, so `pytest exercises/a1_backprop/test_manual_backprop.py -k backward`
runs just the backward checks.

What a student sees: the checks' progress, then each lost point once and compactly (a module
that does not import once per exercise, stubs in one line per exercise, a failure caused by
another function's bug as that cause), then the score table last, ending with what to fix
first. A check that runs longer than CHECK_SECONDS (pytest-timeout's --timeout, or its marker)
fails with the name of the student's function that was running.
"""

from __future__ import annotations

import gc
import signal
from pathlib import Path

import pytest
import torch

from graders import modes, probe, results, scoring
from graders.probe import Runner
from graders.results import CheckResult, message
from graders.scoring import checks_of, exercise_of, run_check, score_table

KIT = pytest.StashKey["Kit"]()
CHECK_SECONDS = modes.CHECK_SECONDS  # pytest --timeout S changes it
LOST = "failed checks"  # pytest's summary line: "3 failed checks, 95 passed"


class Kit:
    """What one pytest run grades, and the results so far."""

    def __init__(self, config: pytest.Config):
        impl = config.getoption("impl")
        self.root = (
            config.rootpath / impl if impl in ("exercises", "solutions") else Path(impl).resolve()
        )
        self.grading = modes.grading_requested(config.getoption("grading"))
        self.device = config.getoption("device")
        self.runners: dict[str, Runner] = {}
        self.results: dict[str, list[CheckResult]] = {}

    def run(self, grader, chk) -> CheckResult:
        exercise = exercise_of(grader)
        if exercise not in self.runners:
            self.runners[exercise] = Runner(self.root, exercise, self.device)
        try:
            result = run_check(chk, self.runners[exercise], self.grading, exercise)
        except scoring.CheckTimedOut as timeout:
            result = scoring.timed_out(chk, exercise, *timeout.args)
        self.results.setdefault(exercise, []).append(result)
        scoring.root_causes(self.results)
        return result


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("torchkata")
    group.addoption(
        "--impl",
        default="exercises",
        help="what to grade: 'exercises' (your work, the default), 'solutions' (the reference), "
        "or a folder shaped like exercises/",
    )
    group.addoption(
        "--grading",
        action="store_true",
        help="grading mode: derandomized, fixed examples, no database (also on with CI=true)",
    )
    group.addoption(
        "--device",
        default="cpu",
        choices=["cpu", "cuda"],
        help="run the checks with tensors on this device (cuda needs a GPU)",
    )


def pytest_configure(config: pytest.Config) -> None:
    impl = config.getoption("impl")
    if impl not in ("exercises", "solutions") and not Path(impl).is_dir():
        raise pytest.UsageError(
            f"--impl {impl}: choose 'exercises' (your work), 'solutions' (the reference), "
            "or the path of a folder shaped like exercises/"
        )
    if config.getoption("device") == "cuda" and not torch.cuda.is_available():
        raise pytest.UsageError(
            "--device cuda: this machine has no CUDA GPU that torch can use; "
            "run without --device (the checks run on the CPU)"
        )
    # One intra-op thread: the kit's tensors are tiny, so threads only add overhead and
    # contention, and a fixed thread count keeps reductions (and so scores) reproducible.
    torch.set_num_threads(1)
    config.stash[KIT] = Kit(config)
    gc.freeze()  # see pytest_sessionfinish


def pytest_sessionfinish(session) -> None:
    """torch, hypothesis and torch's lazily imported parts are millions of objects that live to
    the end: leave them out of the garbage collector's passes (gc.freeze), so that collections
    during the run and pytest's at exit (its unraisable-exception plugin collects several times)
    take milliseconds instead of tenths of a second. Frozen objects are not finalized when the
    interpreter exits, which spares a second of tearing torch down; pytest and hypothesis have
    closed their files by then (reports, cache, example database), and standard output is
    flushed whatever happens."""
    gc.freeze()


def checks_as_tests(grader):
    """One pytest test per check of `grader`, for an exercise's thin test file."""
    exercise = exercise_of(grader)

    @pytest.mark.timeout(CHECK_SECONDS)
    @pytest.mark.parametrize("chk", checks_of(grader), ids=lambda c: c.name)
    def test(chk, request):
        result = request.config.stash[KIT].run(grader, chk)
        if not result.passed:
            pytest.fail(message(result), pytrace=False)

    test.__name__ = "test_" + exercise.split("/")[1]
    test.torchkata = True
    return test


def _is_check(item) -> bool:
    return getattr(getattr(item, "function", None), "torchkata", False)


# --- the timeout: pytest-timeout decides when; the kit says what ran too long --------------------


@pytest.hookimpl(tryfirst=True)
def pytest_timeout_set_timer(item, settings):
    """For a check, pytest-timeout's timer raises CheckTimedOut naming the student's function
    that was running (its own handler would fail the test from inside the grader with a
    generic message); other tests keep pytest-timeout's own handler."""
    seconds = item.config.getoption("timeout", None) or settings.timeout
    if not _is_check(item) or not seconds:
        return None

    def handler(signum, frame):
        raise scoring.CheckTimedOut(seconds, probe.running())

    def cancel():
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)

    item.cancel_timeout = cancel
    signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    return True


# --- what the student reads ----------------------------------------------------------------------


def pytest_report_teststatus(report, config):
    """A failed check is "lost points", not a test failure: its text is printed once, in the
    kit's own summary, not again in pytest's FAILURES section and short summary."""
    if report.when == "call" and report.failed and getattr(report, "torchkata", False):
        return LOST, "F", "LOST"
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    report.torchkata = _is_check(item)
    return report


def _lost(kit: Kit) -> list[str]:
    """Each lost point once: a module that does not import once per exercise, stubs in one
    line per exercise, every other failure with its whole message."""
    lines = []
    for exercise, checks in scoring.in_curriculum_order(kit.results).items():
        lost = [r for r in checks if not r.passed]
        if not lost:
            continue
        stubs = [r for r in lost if r.status == results.NOT_IMPLEMENTED]
        others = [r for r in lost if r.status != results.NOT_IMPLEMENTED]
        runner = kit.runners.get(exercise)
        if runner is not None and runner.import_failure and others:
            lines += [
                f"✗ {exercise}: every check ({sum(r.points for r in lost)} points)",
                f"  {runner.import_failure}",
                "",
            ]
            continue
        if stubs:
            where = sorted({r.problem.split(" in ")[0] for r in stubs})
            lines += [
                f"… {exercise}: {len(stubs)} checks not implemented yet ({', '.join(where)})",
                "",
            ]
        for r in others:
            lines.append(f"✗ {exercise}: {r.name} ({results.points_text(r.points)})")
            lines += [f"  {line}" for line in message(r).splitlines()]
            lines.append("")
    return lines


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter, config: pytest.Config):
    """After everything pytest prints: the lost points, once each, then the score table."""
    outcome = yield
    kit = config.stash.get(KIT, None)
    if kit is None or not kit.results:
        return outcome
    lost = _lost(kit)
    if lost:
        terminalreporter.write_sep("=", "what to fix")
        for line in lost:
            terminalreporter.write_line(line)
    mode = "grading mode" if kit.grading else "student mode"
    terminalreporter.write_sep("=", f"torchkata score ({mode}, {kit.root.name}, {kit.device})")
    terminalreporter.write_line(score_table(scoring.in_curriculum_order(kit.results)))
    return outcome
