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
first. The checks run through the service every front end shares (graders.grading.service): the
submission's code in a worker forked from this process, with a budget of CHECK_SECONDS of CPU
time per check; past it, the check fails naming the student's function that was running.

Nothing heavy is imported before the options are checked: a mistyped option is refused at once.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graders import modes, results
from graders.checks import scoring
from graders.checks.scoring import checks_of, exercise_of, score_table
from graders.results import CheckResult, message

KIT_KEY = pytest.StashKey["Kit"]()
LOST = "failed checks"  # pytest's summary line: "3 failed checks, 95 passed"


class Kit:
    """What one pytest run grades, and the results so far."""

    def __init__(self, root: Path, grading: bool, device: str = "cpu"):
        from graders.grading import service

        self.root, self.grading, self.device = root, grading, device
        self.session = service.Session(grading=grading, device=device, seed=modes.course_seed())
        self.runners: dict = {}
        self.failed: dict = {}  # exercise -> why its module did not import
        self.results: dict[str, list[CheckResult]] = {}
        self.lazy = False  # one exercise collected: its worker imports torch's lazy parts itself

    def run(self, grader, chk) -> CheckResult:
        from graders.grading import service
        from graders.isolation import launch

        exercise = exercise_of(grader)
        if exercise not in self.runners:
            runner = service.Runner(
                exercise,
                lambda: launch.start(exercise, self.root, self.device, lazy=self.lazy),
                self.session,
            )
            self.runners[exercise] = runner
            failed = service.load(runner)
            if failed is not None:
                self.failed[exercise] = failed
        runner = self.runners[exercise]
        if exercise in self.failed:
            result = service.lost(chk, exercise, self.failed[exercise])
        else:
            result = service.run_check(chk, runner)
        self.results.setdefault(exercise, []).append(result)
        scoring.root_causes(self.results)
        return result

    def close(self) -> None:
        for runner in self.runners.values():
            runner.close()


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
    import torch

    if config.getoption("device") == "cuda" and not torch.cuda.is_available():
        raise pytest.UsageError(
            "--device cuda: this machine has no CUDA GPU that torch can use; "
            "run without --device (the checks run on the CPU)"
        )
    # One intra-op thread: the kit's tensors are tiny, so threads only add overhead and
    # contention, and a fixed thread count keeps reductions (and so scores) reproducible.
    torch.set_num_threads(1)
    root = config.rootpath / impl if impl in ("exercises", "solutions") else Path(impl).resolve()
    grading = modes.grading_requested(config.getoption("grading"))
    config.stash[KIT_KEY] = Kit(root, grading, config.getoption("device"))


def pytest_collection_modifyitems(session, config, items) -> None:
    """With one exercise to check, its worker imports what torch imports lazily while the
    grader draws the examples (graders.isolation.worker.prepare), rather than before it forks."""
    kit = config.stash.get(KIT_KEY, None)
    if kit is not None:
        graders = {item.module.__name__ for item in items if hasattr(item, "module")}
        kit.lazy = len(graders) == 1


def pytest_sessionfinish(session) -> None:
    """Stop the workers; then torch, hypothesis and torch's lazily imported parts, millions of
    objects that live to the end, are left out of the garbage collector's passes (gc.freeze), so
    that pytest's collections at exit (its unraisable-exception plugin collects several times)
    take milliseconds instead of tenths of a second. Frozen objects are not finalized when the
    interpreter exits, which spares a second of tearing torch down; pytest and hypothesis have
    closed their files by then, and standard output is flushed whatever happens."""
    import gc

    kit = session.config.stash.get(KIT_KEY, None)
    if kit is not None:
        kit.close()
    gc.freeze()


def checks_as_tests(grader):
    """One pytest test per check of `grader`, for an exercise's thin test file."""
    exercise = exercise_of(grader)

    @pytest.mark.parametrize("chk", checks_of(grader), ids=lambda c: c.name)
    def test(chk, request):
        result = request.config.stash[KIT_KEY].run(grader, chk)
        if not result.passed:
            pytest.fail(message(result), pytrace=False)

    test.__name__ = "test_" + exercise.split("/")[1]
    test.torchkata = True
    return test


def _is_check(item) -> bool:
    return getattr(getattr(item, "function", None), "torchkata", False)


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
    kit = config.stash.get(KIT_KEY, None)
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
