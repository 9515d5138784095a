"""The check-execution service: one path for every front end, verdicts from the replay, the
submission's own CPU time, and examples that depend on the seed alone."""

from __future__ import annotations

import json
import linecache
import os
import subprocess
import sys
from pathlib import Path

import pytest

from corpus import ROOT, implementation, variant_source, variants
from graders import catalog, modes
from graders.checks import scoring
from graders.frontends import notebooks, watch
from graders.frontends.pytest_plugin import Kit
from graders.grading import engine, service
from graders.instructor import notebook_writer
from graders.isolation.sandbox import Limits

# --- the four front ends agree ----------------------------------------------------------------


def _pytest(folder: Path, exercise: str, grading: bool) -> list:
    kit, grader = Kit(folder, grading), catalog.grader(exercise)
    try:
        return [kit.run(grader, c) for c in scoring.checks_of(grader)]
    finally:
        kit.close()


def _engine(folder: Path, exercise: str) -> list:
    return engine.grade(folder, [exercise], seed=modes.PUBLIC_SEED).exercises[0].checks


def _watch(folder: Path, exercise: str) -> list:
    from graders.results import CheckResult

    return [CheckResult.from_dict(d, exercise) for d in watch.verdict(folder, exercise)]


def _notebook(folder: Path, exercise: str) -> list:
    """The checks as a notebook's test cells run them: on the definitions a kernel holds once
    the assignment's cells up to this exercise have run (as the notebook lays them out)."""
    assignment = exercise.split("/")[0]
    namespace = {"__name__": "__main__"}
    for name in catalog.ASSIGNMENTS[assignment]:
        path = folder / assignment / f"{name}.py"
        _, code = notebook_writer._docstring_and_code(path.read_text(), str(path))
        cell, source = f"<ipython-input-{name}>", "\n".join(code) + "\n"
        linecache.cache[cell] = (len(source), None, source.splitlines(True), cell)  # as IPython
        exec(compile(source, cell, "exec"), namespace)
        if f"{assignment}/{name}" == exercise:
            break
    found = []
    for chk in scoring.checks_of(catalog.grader(exercise)):
        try:
            notebooks.assert_check(exercise, chk.name, namespace)
        except notebooks.CheckFailed:
            pass
        found.append(notebooks.RESULTS[exercise][chk.name])
    return found


def _seen(results: list, where: bool = True) -> list:
    """What a student sees of each check; without `where`, not the lines that name a place in
    a file (a notebook names its cells instead)."""
    return [
        (r.name, r.status, r.score, r.problem, r.expected, r.got)
        + ((r.detail, r.example, r.hint) if where else ())
        for r in results
    ]


# Each variant is graded five times (about 1.6 s in all), so CI takes a sample of the corpus: an
# exercise's first and last wrong variants and its first right one. TORCHKATA_WHOLE_CORPUS=1
# takes every variant (about 12 minutes).
WHOLE = os.environ.get("TORCHKATA_WHOLE_CORPUS") == "1"


def _chosen(exercise: str) -> list:
    wrong = [v for v in variants("wrong") if v.exercise == exercise]
    right = [v for v in variants("right") if v.exercise == exercise]
    return wrong + right if WHOLE else [wrong[0], wrong[-1], right[0]]


@pytest.mark.parametrize("exercise", catalog.EXERCISES)
def test_the_four_front_ends_agree_on_the_corpus(exercise, tmp_path, monkeypatch, capsys):
    """pytest, `torchkata grade`, a notebook's test cells (grading mode) and, in student mode,
    pytest and `torchkata watch` give every variant of the corpus the same statuses, messages
    and scores."""
    monkeypatch.setattr(modes, "STUDENT_SEED", "the kit's own tests")
    monkeypatch.setattr(service, "_keep", lambda *args: None)
    for i, variant in enumerate(_chosen(exercise)):
        folder = implementation(tmp_path / f"v{i}", {exercise: variant_source(variant)})
        graded = _pytest(folder, exercise, grading=True)
        assert _seen(_engine(folder, exercise)) == _seen(graded), variant.id
        assert _seen(_notebook(folder, exercise), False) == _seen(graded, False), variant.id
        studied = _pytest(folder, exercise, grading=False)
        assert _seen(_watch(folder, exercise)) == _seen(studied), variant.id
    capsys.readouterr()


# --- examples that depend on the seed alone -----------------------------------------------------

DRAWS = """
import json
{before}
from graders import catalog, modes
from graders.checks import scoring
from graders.grading import service

session = service.Session(grading=True, seed=modes.PUBLIC_SEED)
drawn = {{
    f"{{e}}:{{c.name}}": repr(service.examples(c, session, e)[0])
    for e in catalog.EXERCISES
    for c in scoring.checks_of(catalog.grader(e))
}}
print(json.dumps(drawn))
"""


def _draws(before: str = "", cwd: Path = ROOT, env: dict | None = None) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", DRAWS.format(before=before)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_grading_draws_are_the_same_in_a_regular_and_an_editable_install(tmp_path):
    """Hypothesis mixes constants of the current project's loaded modules into its draws; the kit
    draws with none, so the examples depend on the seed (and the versions) alone: not on how the
    kit was installed, nor on which of its modules were imported first."""
    editable = _draws()
    assert _draws("import graders.grading.engine, graders.instructor.similarity") == editable
    site = tmp_path / "lib" / "site-packages"  # as pip names it (hypothesis reads the name)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(site),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    (tmp_path / "elsewhere").mkdir()
    regular = _draws(
        "import graders; assert 'site-packages' in graders.__file__", tmp_path / "elsewhere", env
    )
    assert regular == editable


# --- the student's own time, and verdicts that cannot move ----------------------------------------


def test_a_wrong_but_fast_sgd_scores_its_honest_points_beside_busy_processes(tmp_path):
    """Dampening applied on the first step: 8 of 24 points are honest, whatever else the
    machine does and however long the grader takes to explain the failures (off the budget)."""
    wrong = next(v for v in variants("wrong") if v.path.stem == "wrong_dampening_on_first_step")
    folder = implementation(tmp_path / "sub", {wrong.exercise: variant_source(wrong)})
    limits = Limits(timeout=20)
    idle = engine.grade(folder, [wrong.exercise], limits, seed=modes.PUBLIC_SEED).exercises[0]
    hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(4)]
    try:
        busy = engine.grade(folder, [wrong.exercise], limits, seed=modes.PUBLIC_SEED).exercises[0]
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()
    assert idle.status == busy.status == "graded"
    assert idle.score == busy.score == 8 and idle.max_score == scoring.points(wrong.exercise) == 24
    assert _seen(idle.checks) == _seen(busy.checks)


def test_an_import_failure_is_answered_before_anything_is_drawn(tmp_path, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("examples were drawn for a module that does not import")

    monkeypatch.setattr(service, "_search", never)
    solution = (ROOT / "solutions" / "a1_backprop" / "manual_backprop.py").read_text()
    folder = implementation(
        tmp_path / "impl", {"a1_backprop/manual_backprop": solution + "\ndef broken(:\n"}
    )
    for grading in (True, False):
        results = _pytest(folder, "a1_backprop/manual_backprop", grading)
        assert all("could not be imported: SyntaxError" in r.problem for r in results)


def test_a_debugger_imported_in_student_mode_costs_nothing(tmp_path):
    """The source screen is for grading: a student may import pdb, or call breakpoint() on a
    path the checks do not take, while working."""
    solution = (ROOT / "solutions" / "a2_modules" / "rmse_loss.py").read_text()
    folder = implementation(
        tmp_path / "impl",
        {
            "a2_modules/rmse_loss": "import pdb  # noqa\n"
            + solution
            + "\nif False:\n    breakpoint()\n"
        },
    )
    results = _pytest(folder, "a2_modules/rmse_loss", grading=False)
    assert all(r.passed for r in results), [r.problem for r in results if not r.passed]
