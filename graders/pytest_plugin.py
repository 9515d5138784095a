"""pytest integration: the options students and tools use, one test per check, a score table.

Options:
  --impl exercises|solutions|PATH   which implementation to grade (default: exercises)
  --grading                         grading mode (also on when CI=true): derandomized, no database
  --device cpu|cuda                 where the tensors live (cuda runs are skipped without CUDA)

Each exercise's thin test file is `test_<module> = checks_as_tests(<grader module>)`: one test per
check, named after it, so `pytest exercises/a1_backprop/test_manual_backprop.py -k backward`
runs just the backward checks.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from graders import modes
from graders.probe import Runner
from graders.scoring import CheckResult, checks_of, exercise_of, run_check, score_table

KIT = pytest.StashKey["Kit"]()


class Kit:
    """What one pytest run grades, and the results so far."""

    def __init__(self, config: pytest.Config):
        impl = config.getoption("impl")
        self.root = config.rootpath / impl if impl in ("exercises", "solutions") else Path(impl).resolve()
        self.grading = modes.grading_requested(config.getoption("grading"))
        self.device = config.getoption("device")
        self.runners: dict[str, Runner] = {}
        self.results: dict[str, list[CheckResult]] = {}

    def run(self, grader, chk) -> CheckResult:
        exercise = exercise_of(grader)
        if exercise not in self.runners:
            self.runners[exercise] = Runner(self.root, exercise, self.device)
        result = run_check(chk, self.runners[exercise], self.grading)
        self.results.setdefault(exercise, []).append(result)
        return result


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("torchkata")
    group.addoption(
        "--impl",
        default="exercises",
        help="what to grade: 'exercises' (your work, the default), 'solutions' (the reference), "
        "or a folder shaped like exercises/",
    )
    group.addoption("--grading", action="store_true", help="grading mode: derandomized, fixed examples, no database (also on with CI=true)")
    group.addoption("--device", default="cpu", choices=["cpu", "cuda"], help="run the checks with tensors on this device")


def pytest_configure(config: pytest.Config) -> None:
    # One intra-op thread: the kit's tensors are tiny, so threads only add overhead and
    # contention, and a fixed thread count keeps reductions (and so scores) reproducible.
    torch.set_num_threads(1)
    config.stash[KIT] = Kit(config)


def checks_as_tests(grader):
    """One pytest test per check of `grader`, for an exercise's thin test file."""
    exercise = exercise_of(grader)

    @pytest.mark.parametrize("chk", checks_of(grader), ids=lambda c: c.name)
    def test(chk, request):
        kit = request.config.stash[KIT]
        if kit.device == "cuda" and not torch.cuda.is_available():
            pytest.skip("--device cuda: CUDA is not available on this machine")
        result = kit.run(grader, chk)
        if not result.passed:
            pytest.fail(result.message, pytrace=False)

    test.__name__ = "test_" + exercise.split("/")[1]
    return test


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    kit = config.stash.get(KIT, None)
    if kit is None or not kit.results:
        return
    mode = "grading mode" if kit.grading else "student mode"
    terminalreporter.write_sep("=", f"torchkata score ({mode}, {kit.root.name}, {kit.device})")
    terminalreporter.write_line(score_table(kit.results))
