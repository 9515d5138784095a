"""The course in assignments/ with the real nbgrader (the `nbgrader` extra), in a temporary copy:
generate_assignment, autograde, generate_feedback and export, and `torchkata grade-batch` on
the same submissions.

Submissions (nbgrader's layout, submitted/<student>/<assignment>/<assignment>.ipynb):
- alice: every notebook solved (the source notebooks);
- bob: the released notebooks, untouched;
- carol: a1 solved but for dynamic_graph (its released stub); a2 solved plus a cell that redefines
  RMSELoss with a mistake from the corpus; a3 solved plus a cell with a wrong SGD from the corpus;
- dave: a1 solved, with an sse_loss that warns and writes to stderr (from Python and from C);
- eve: the released a1 with a cell that replaces the checks the test cells call (tampering).
"""

import copy
import csv
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
from datetime import datetime

import pytest

from corpus import CORPUS, ROOT
from graders import catalog
from graders.checks.scoring import checks_of, points
from graders.frontends import cli
from graders.instructor import batch
from test_notebooks import solution_lines

if importlib.util.find_spec("nbgrader") is None:
    if os.environ.get("CI"):
        raise ImportError(
            "CI runs the nbgrader tests: install the kit with its extras, "
            "pip install -e '.[test,nbgrader]'"
        )
    pytest.skip(
        "nbgrader is not installed (pip install -e '.[test,nbgrader]')", allow_module_level=True
    )

ASSIGNMENTS = list(catalog.ASSIGNMENTS)
POINTS = {e: points(e) for e in catalog.EXERCISES}
TOTAL = {a: points(a) for a in ASSIGNMENTS}
TAMPERING = """from graders.frontends import notebooks
notebooks.assert_check = lambda *args, **kwargs: print("✓ (trust me)")
"""
NOISY = """import os, sys, warnings
_sse_loss = sse_loss
def sse_loss(pred, y):
    warnings.warn("this warning must not cost a point", UserWarning)
    print("neither must this line on stderr", file=sys.stderr)
    os.write(2, b"nor this one, written by C code\\n")
    return _sse_loss(pred, y)
"""


def nbgrader(course, *args):
    # nbgrader runs `alembic` (its database migrations) from PATH: the environment's own.
    path = os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")])
    env = {
        **os.environ,
        "PATH": path,
        "JUPYTER_CONFIG_DIR": str(course / ".jupyter"),
        "JUPYTER_RUNTIME_DIR": str(course / ".runtime"),
        "JUPYTER_PLATFORM_DIRS": "1",
    }
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    print(f"nbgrader {' '.join(args)}: {time.monotonic() - started:.1f} s")
    assert done.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{done.stderr[-3000:]}"


def read(path):
    return json.loads(path.read_text())


def add_cell_after(notebook, grade_id, code):
    """A copy of `notebook` with a cell of the student's added after the cell `grade_id`."""
    notebook = copy.deepcopy(notebook)
    at = next(
        i
        for i, c in enumerate(notebook["cells"])
        if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id
    )
    notebook["cells"].insert(
        at + 1,
        {
            "cell_type": "code",
            "execution_count": None,
            "id": f"student-{at}",
            "metadata": {},
            "outputs": [],
            "source": code,
        },
    )
    return notebook


def with_cell_of(notebook, grade_id, other):
    """A copy of `notebook` with the cell `grade_id` taken from `other` (the released stub, say)."""
    notebook = copy.deepcopy(notebook)
    replacement = next(
        c for c in other["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id
    )
    notebook["cells"] = [
        replacement if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id else c
        for c in notebook["cells"]
    ]
    return notebook


def corpus(exercise, variant):
    return (CORPUS / exercise / f"{variant}.py").read_text()


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = tmp_path_factory.mktemp("course")
    shutil.copy(ROOT / "assignments" / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "assignments" / "source", course / "source")
    nbgrader(
        course, "generate_assignment", "*", "--force"
    )  # "*": every assignment, one start of nbgrader
    solved = {a: read(course / "source" / a / f"{a}.ipynb") for a in ASSIGNMENTS}
    released = {a: read(course / "release" / a / f"{a}.ipynb") for a in ASSIGNMENTS}
    submissions = (
        {("alice", a): solved[a] for a in ASSIGNMENTS}
        | {("bob", a): released[a] for a in ASSIGNMENTS}
        | {
            ("carol", "a1_backprop"): with_cell_of(
                read(course / "source/a1_backprop/a1_backprop.ipynb"),
                "dynamic_graph",
                released["a1_backprop"],
            ),
            ("carol", "a2_modules"): add_cell_after(
                read(course / "source/a2_modules/a2_modules.ipynb"),
                "rmse_loss",
                corpus("a2_modules/rmse_loss", "wrong_no_eps"),
            ),
            ("carol", "a3_training"): add_cell_after(
                read(course / "source/a3_training/a3_training.ipynb"),
                "sgd",
                corpus("a3_training/sgd", "wrong_buffer_starts_at_zero"),
            ),
            ("dave", "a1_backprop"): add_cell_after(
                read(course / "source/a1_backprop/a1_backprop.ipynb"), "manual_backprop", NOISY
            ),
            ("eve", "a1_backprop"): add_cell_after(
                released["a1_backprop"], "manual_backprop", TAMPERING
            ),
        }
    )
    for (student, a), notebook in submissions.items():
        folder = course / "submitted" / student / a
        folder.mkdir(parents=True)
        (folder / f"{a}.ipynb").write_text(json.dumps(notebook))
    nbgrader(course, "autograde", "*")
    nbgrader(course, "generate_feedback", "*")
    nbgrader(course, "export")
    return course


@pytest.fixture(scope="module")
def scores(course):
    """{(student, assignment): score} from the CSV `nbgrader export` wrote."""
    with open(course / "grades.csv", newline="") as f:
        return {
            (row["student_id"], row["assignment"]): float(row["score"]) for row in csv.DictReader(f)
        }


def test_generate_assignment_releases_notebooks_without_solutions(course):
    solutions = solution_lines()
    assert len(solutions) > 50
    for a in ASSIGNMENTS:
        text = (course / "release" / a / f"{a}.ipynb").read_text()
        assert (
            "BEGIN SOLUTION" not in text
            and 'raise NotImplementedError(\\"replace this line with your code\\")' in text
        )
        assert [line for line in solutions if line in text] == []
        assert sorted(p.name for p in (course / "release" / a).iterdir()) == [f"{a}.ipynb"]


def test_a_solved_notebook_gets_full_points(scores):
    assert [scores["alice", a] for a in ASSIGNMENTS] == [TOTAL[a] for a in ASSIGNMENTS]


def test_the_released_notebook_gets_zero(scores):
    assert [scores["bob", a] for a in ASSIGNMENTS] == [0, 0, 0]


def test_one_wrong_exercise_loses_exactly_its_points(scores):
    assert (
        scores["carol", "a1_backprop"] == TOTAL["a1_backprop"] - POINTS["a1_backprop/dynamic_graph"]
    )
    assert (
        TOTAL["a2_modules"] - POINTS["a2_modules/rmse_loss"]
        <= scores["carol", "a2_modules"]
        < TOTAL["a2_modules"]
    )
    assert (
        TOTAL["a3_training"] - POINTS["a3_training/sgd"]
        <= scores["carol", "a3_training"]
        < TOTAL["a3_training"]
    )


def test_warnings_and_stderr_from_a_solved_notebook_cost_nothing(course, scores):
    assert scores["dave", "a1_backprop"] == TOTAL["a1_backprop"]
    autograded = read(course / "autograded" / "dave" / "a1_backprop" / "a1_backprop.ipynb")
    outputs = [
        o
        for c in autograded["cells"]
        if c["metadata"].get("nbgrader", {}).get("grade")
        for o in c["outputs"]
    ]
    assert not [o for o in outputs if o.get("name") == "stderr" or o["output_type"] == "error"]
    assert not any("this warning must not cost a point" in str(o) for o in outputs)


def test_every_test_cell_runs_well_within_the_cell_timeout(course):
    """nbgrader_config.py's timeout must leave a slow machine room: no cell may come near it."""
    timeout = int(
        re.search(r"c\.Execute\.timeout = (\d+)", (course / "nbgrader_config.py").read_text())[1]
    )
    took = {}
    for path in (course / "autograded").glob("*/*/*.ipynb"):
        for cell in read(path)["cells"]:
            times = cell["metadata"].get("execution", {})
            if "shell.execute_reply" in times and cell["metadata"].get("nbgrader", {}).get("grade"):
                start, end = (
                    datetime.fromisoformat(times[k])
                    for k in ("iopub.execute_input", "shell.execute_reply")
                )
                took[path.parts[-3], cell["metadata"]["nbgrader"]["grade_id"]] = (
                    end - start
                ).total_seconds()
    assert len(took) > 100 and max(took.values()) < timeout / 4, max(
        took.items(), key=lambda kv: kv[1]
    )


def test_feedback_names_the_failing_checks(course):
    html = (course / "feedback" / "carol" / "a1_backprop" / "a1_backprop.html").read_text()
    for chk in checks_of(catalog.grader("a1_backprop/dynamic_graph")):
        assert f"✗ {chk.name}: 0/" in html
    assert "not implemented yet" in html and "✗ forward_matches_torch" not in html
    assert "graders/" not in html and "site-packages" not in html and "%tb" not in html, (
        "no stack trace"
    )
    html = (course / "feedback" / "carol" / "a2_modules" / "a2_modules.html").read_text()
    assert "✗ gradient_is_finite_at_a_perfect_fit: 0/" in html and "What went wrong" in html


def test_export_writes_a_row_per_student_and_assignment(scores):
    assert set(scores) == {
        (s, a) for s in ("alice", "bob", "carol", "dave", "eve") for a in ASSIGNMENTS
    }
    assert scores["dave", "a2_modules"] == 0  # not submitted


@pytest.fixture(scope="module")
def results(course, tmp_path_factory):
    """`torchkata grade-batch submitted/`: the isolated engine on the same notebooks."""
    out = tmp_path_factory.mktemp("results")
    done = batch.grade_batch(course / "submitted", out, workers=2)
    assert sorted(done.reports) == ["alice", "bob", "carol", "dave", "eve"] and not done.ungraded, (
        "a student was left ungraded (a grader error)"
    )
    return out


def test_torchkata_grades_the_submitted_notebooks_as_nbgrader_does(results, scores):
    for student, report in batch.done(results).items():
        for a in ASSIGNMENTS:
            ours = sum(e.score for e in report.exercises if e.name.startswith(a + "/"))
            expected = 0 if student == "eve" else scores[student, a]
            assert ours == expected, (
                f"{student} {a}: torchkata {ours}, nbgrader {scores[student, a]}"
            )


def test_a_notebook_that_tampers_with_its_checks_fools_nbgrader_not_torchkata(
    course, results, scores, capsys
):
    assert scores["eve", "a1_backprop"] == TOTAL["a1_backprop"]  # what the kernel's test cells said
    assert cli.main(["compare", str(course / "grades.csv"), str(results)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"eve  a1_backprop: nbgrader {TOTAL['a1_backprop']}, torchkata 0",
        "14 of 15 scores agree "
        "(a higher nbgrader score may mean a notebook tampered with its checks)",
    ]
