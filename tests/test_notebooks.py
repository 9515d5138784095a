"""The nbgrader notebooks, without nbgrader: what release writes into them, the checks that run
inside them, and how `torchkata grade` reads one back. (tests/test_nbgrader.py runs the real
nbgrader on them.)"""

import json
import subprocess
import warnings
from pathlib import Path

import pytest

from corpus import ROOT
from graders import catalog, errors, reports
from graders.checks.scoring import checks_of, points
from graders.frontends import cli, notebooks
from graders.grading import engine
from graders.instructor import release
from graders.isolation import notebook_reader, staging
from graders.results import CheckResult, ExerciseResult, Report


def read_back(path):
    """The modules the engine reads out of a submitted notebook."""
    return notebook_reader.exercise_sources(path.read_bytes(), path.name)


NOTEBOOKS = {a: ROOT / "assignments" / "source" / a / f"{a}.ipynb" for a in catalog.ASSIGNMENTS}


def cells(assignment: str) -> list[dict]:
    return json.loads(NOTEBOOKS[assignment].read_text())["cells"]


def nbgrader(cell: dict) -> dict:
    return cell["metadata"].get("nbgrader", {})


def source(cell: dict) -> str:
    return "".join(cell["source"])


@pytest.mark.parametrize("assignment", catalog.ASSIGNMENTS)
def test_each_exercise_has_an_intro_a_solution_cell_and_one_test_cell_per_check(assignment):
    ids = [c["id"] for c in cells(assignment)]
    assert len(ids) == len(set(ids))
    by_id = {nbgrader(c).get("grade_id", c["id"]): c for c in cells(assignment)}
    for module in catalog.ASSIGNMENTS[assignment]:
        exercise = f"{assignment}/{module}"
        intro = by_id[f"{module}-intro"]
        assert intro["cell_type"] == "markdown" and source(intro).startswith(f"## {module}: ")
        assert "Run the checks:" not in source(intro), (
            "pytest instructions do not belong in the notebook"
        )
        solution = by_id[module]
        assert nbgrader(solution)["solution"] and not nbgrader(solution)["locked"]
        assert "### BEGIN SOLUTION" in source(solution) and "from ." not in source(solution)
        for chk in checks_of(catalog.grader(exercise)):
            test = by_id[f"{module}-{chk.name}"]
            assert nbgrader(test) == {
                "grade_id": f"{module}-{chk.name}",
                "grade": True,
                "locked": True,
                "solution": False,
                "points": chk.points,
                "schema_version": 3,
            }
            assert f'torchkata.assert_check("{exercise}", "{chk.name}")' in source(test)
    assert nbgrader(by_id["setup"])[
        "locked"
    ] and "from graders.frontends import notebooks as torchkata" in source(by_id["setup"])


@pytest.mark.parametrize(
    "assignment, topics",
    [
        ("a1_backprop", ["chain rule", "accumulate", "torch.no_grad()", "define-by-run"]),
        (
            "a2_modules",
            ["nn.ModuleList", "children()", "modules()", "save_for_backward", "16 * 6 * 6"],
        ),
        (
            "a3_training",
            ["zero_grad", "scheduler.step()", "momentum", "Module.apply", "state_dict"],
        ),
    ],
)
def test_the_introductions_teach_what_the_curriculum_asks(assignment, topics):
    text = "".join(source(c) for c in cells(assignment) if c["cell_type"] == "markdown")
    assert [t for t in topics if t not in text] == []


@pytest.mark.parametrize("assignment", catalog.ASSIGNMENTS)
def test_the_notebook_is_valid_nbformat(assignment):
    nbformat = pytest.importorskip("nbformat", reason="nbformat comes with the nbgrader extra")
    nbformat.validate(nbformat.read(NOTEBOOKS[assignment], as_version=4))


@pytest.mark.parametrize("assignment", catalog.ASSIGNMENTS)
def test_the_notebook_is_worth_what_the_graders_are(assignment):
    graded = sum(nbgrader(c).get("points", 0) for c in cells(assignment))
    assert graded == points(assignment)


def test_the_course_holds_no_solutions_outside_the_notebooks():
    """nbgrader copies a course's other files over a student's: none may hold a solution."""
    tracked = subprocess.run(
        ["git", "ls-files", "assignments"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    if not tracked:
        pytest.skip("not a git checkout")
    notebook_files = {f"assignments/source/{a}/{a}.ipynb" for a in catalog.ASSIGNMENTS}
    assert set(tracked) - notebook_files == {
        "assignments/nbgrader_config.py",
        "assignments/.gitignore",
    }
    config = (ROOT / "assignments" / "nbgrader_config.py").read_text()
    assert not [line for line in solution_lines() if line in config]


def solution_lines() -> set[str]:
    """Every distinctive line of code inside the solutions' ### BEGIN/END SOLUTION regions
    that the student's version does not show anyway (in a docstring or a TODO comment)."""
    found = set()
    for exercise in catalog.EXERCISES:
        text = (ROOT / "solutions" / f"{exercise}.py").read_text()
        given = release.stub(text, exercise)
        inside = False
        for line in map(str.strip, text.splitlines()):
            inside = (inside or line == "### BEGIN SOLUTION") and line != "### END SOLUTION"
            if inside and len(line) > 20 and not line.startswith("#") and line not in given:
                found.add(line)
    return found


# --- checks inside a notebook ---------------------------------------------------------------


def solved_namespace(assignment: str, replace: dict[str, str] | None = None) -> dict:
    """What a notebook's kernel holds once every solution cell has run (some replaced)."""
    namespace = {"__name__": "__main__"}
    for cell in cells(assignment):
        if nbgrader(cell).get("solution"):
            exec(
                compile((replace or {}).get(cell["id"], source(cell)), cell["id"], "exec"),
                namespace,
            )
    return namespace


def test_a_passing_check_prints_a_tick(capsys):
    notebooks.assert_check(
        "a1_backprop/manual_backprop", "forward_matches_torch", solved_namespace("a1_backprop")
    )
    assert capsys.readouterr().out == "✓ forward_matches_torch: 2/2 points\n"


def test_a_failing_check_raises_its_message_and_the_summary_counts_it(capsys):
    wrong = solved_namespace("a1_backprop")
    exec("def forward(x, w1, w2):\n    return x @ w1 @ w2\n", wrong)
    with pytest.raises(notebooks.CheckFailed) as failed:
        notebooks.assert_check("a1_backprop/manual_backprop", "forward_matches_torch", wrong)
    message = str(failed.value)
    assert message.startswith(
        "✗ forward_matches_torch: 0/2 points\nforward(x, w1, w2) returns relu(x @ w1) @ w2"
    )
    assert "Smallest failing example" in message and "Hint:" in message
    notebooks.summary()
    assert "a1_backprop/manual_backprop" in capsys.readouterr().out


def test_a_check_run_from_a_cell_reads_the_cells_definitions():
    namespace = solved_namespace("a1_backprop")
    exec(
        'torchkata.assert_check("a1_backprop/manual_backprop", "sse_loss_is_sum_of_squares")',
        {**namespace, "torchkata": notebooks},
    )


def test_warnings_and_stderr_during_a_check_cost_nothing_and_reach_nothing(capfd):
    """The submission's code runs in a worker forked from the kernel, whose output goes to
    /dev/null: nothing reaches the notebook's stderr, which nbgrader would punish."""
    noisy = solved_namespace("a1_backprop")
    exec(
        "import os, sys, warnings\n"
        "_sse = sse_loss\n"
        "def sse_loss(pred, y):\n"
        "    warnings.warn('deprecated', DeprecationWarning)\n"
        "    print('from python', file=sys.stderr)\n"
        "    os.write(2, b'from C\\n')\n"
        "    return _sse(pred, y)\n",
        noisy,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning that escaped the check would fail this test
        notebooks.assert_check("a1_backprop/manual_backprop", "sse_loss_is_sum_of_squares", noisy)
    out, err = capfd.readouterr()
    assert err == ""
    assert "✓ sse_loss_is_sum_of_squares" in out and "from" not in out


def test_a_name_the_notebook_has_not_defined_says_to_run_its_cell():
    with pytest.raises(
        notebooks.CheckFailed,
        match="forward is not defined in this notebook: run the cell that defines it first",
    ):
        notebooks.assert_check("a1_backprop/manual_backprop", "forward_matches_torch", {})


def test_an_unknown_check_says_to_regenerate_the_notebook():
    with pytest.raises(notebooks.CheckFailed, match="regenerate"):
        notebooks.assert_check("a1_backprop/manual_backprop", "no_such_check", {})


# --- reading a submitted notebook back --------------------------------------------------------


def write_notebook(path, assignment, edit=None):
    notebook = json.loads(NOTEBOOKS[assignment].read_text())
    if edit:
        edit(notebook["cells"])
    path.write_text(json.dumps(notebook))
    return path


def test_a_notebooks_modules_hold_the_students_cells_up_to_each_exercises_tests(tmp_path):
    def edit(cells):
        at = next(i for i, c in enumerate(cells) if c["id"] == "manual_backprop") + 1
        cells.insert(
            at,
            {"cell_type": "code", "metadata": {}, "outputs": [], "source": "%timeit 1\nHELPER = 1"},
        )
        cells.append({"cell_type": "code", "metadata": {}, "outputs": [], "source": "LATE = 1"})

    sources = read_back(write_notebook(tmp_path / "a1.ipynb", "a1_backprop", edit))
    assert set(sources) == {e for e in catalog.EXERCISES if e.startswith("a1_backprop/")}
    manual, autograd = sources["a1_backprop/manual_backprop"], sources["a1_backprop/autograd_step"]
    assert (
        "HELPER = 1" in manual
        and "# (IPython only) %timeit 1" in manual
        and "def sgd_step_" not in manual
    )
    assert (
        "def forward" in autograd
        and "def sgd_step_" in autograd
        and "class DynamicNet" not in autograd
    )
    assert "torchkata" not in manual + autograd, "the kit's locked cells are not the student's code"
    assert "LATE" not in sources["a1_backprop/dynamic_graph"]
    compile(autograd, "autograd_step.py", "exec")


def test_a_notebook_without_an_exercises_solution_cell_lacks_that_exercise(tmp_path):
    path = write_notebook(
        tmp_path / "a1.ipynb",
        "a1_backprop",
        lambda cells: cells.remove(next(c for c in cells if c["id"] == "dynamic_graph")),
    )
    assert "a1_backprop/dynamic_graph" not in read_back(path)


@pytest.mark.parametrize(
    "text", ["{", "[]", '{"cells": [1]}', '{"cells": [{"cell_type": "code"}]}']
)
def test_a_file_that_is_not_a_notebook_is_an_error_that_says_so(tmp_path, text):
    path = tmp_path / "a1_backprop.ipynb"
    path.write_text(text)
    with pytest.raises(errors.NotebookError, match="is not a notebook that can be read"):
        read_back(path)


def test_a_deeply_nested_notebook_is_refused_before_it_is_parsed(tmp_path):
    path = tmp_path / "a1_backprop.ipynb"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(errors.NotebookError, match="nests more than"):
        read_back(path)


def test_torchkata_grade_grades_a_notebook_on_its_assignment(tmp_path):
    report = engine.grade(write_notebook(tmp_path / "a1_backprop.ipynb", "a1_backprop")).to_dict()
    assert [e["name"] for e in report["exercises"]] == [
        e for e in catalog.EXERCISES if e.startswith("a1_backprop/")
    ]
    assert report["score"] == report["max_score"] == points("a1_backprop")


def test_the_notebook_named_after_its_assignment_wins_over_a_copy(tmp_path):
    def stub_everything(cells):
        for cell in cells:
            if nbgrader(cell).get("solution"):
                cell["source"] = "raise NotImplementedError"

    (tmp_path / "alice").mkdir()
    write_notebook(tmp_path / "alice" / "a1_backprop-Copy1.ipynb", "a1_backprop", stub_everything)
    write_notebook(tmp_path / "alice" / "a1_backprop.ipynb", "a1_backprop")
    staged = staging.stage(str(tmp_path / "alice"))
    assert "NotImplementedError" not in staged.source("a1_backprop/manual_backprop")
    assert {e for e in catalog.EXERCISES if e not in staged.absent} == {
        e for e in catalog.EXERCISES if e.startswith("a1_backprop/")
    }
    assert {status for status, _ in staged.absent.values()} == {"missing"}


def test_the_engine_tells_a_line_as_the_notebook_shows_it(tmp_path):
    solution = "return (x @ w1).clamp(min=0) @ w2"

    def break_forward(cells):
        cell = next(c for c in cells if c["id"] == "manual_backprop")
        cell["source"] = source(cell).replace(solution, 'raise ValueError("oops")')

    path = write_notebook(tmp_path / "a1_backprop.ipynb", "a1_backprop", break_forward)
    line = next(
        i
        for i, text in enumerate(
            source(
                next(c for c in cells("a1_backprop") if c["id"] == "manual_backprop")
            ).splitlines(),
            1,
        )
        if solution in text
    )
    report = engine.grade(path, ["a1_backprop/manual_backprop"]).to_dict()
    message = report["exercises"][0]["checks"][0]["message"]
    assert (
        f"the solution cell manual_backprop of a1_backprop.ipynb, line {line}, "
        'in forward: raise ValueError("oops")' in message
    )


def test_an_unreadable_notebook_costs_its_assignment_and_grading_goes_on(tmp_path):
    (tmp_path / "a2_modules.ipynb").write_text("{not json")
    write_notebook(
        tmp_path / "a1_backprop.ipynb",
        "a1_backprop",
        lambda cells: cells.remove(next(c for c in cells if c["id"] == "dynamic_graph")),
    )
    report = engine.grade(
        tmp_path, ["a1_backprop/manual_backprop", "a1_backprop/dynamic_graph", "a2_modules/mlp"]
    ).to_dict()
    status = {e["name"]: (e["status"], e["checks"][0]["message"]) for e in report["exercises"]}
    assert status["a1_backprop/manual_backprop"][0] == "graded" and report["exercises"][0][
        "score"
    ] == points("a1_backprop/manual_backprop")
    assert status["a1_backprop/dynamic_graph"] == (
        "missing",
        "a1_backprop/dynamic_graph is missing: "
        "no notebook has its solution cell (grade_id dynamic_graph).",
    )
    assert status["a2_modules/mlp"][0] == "error" and status["a2_modules/mlp"][1].startswith(
        "a2_modules.ipynb is not a notebook that can be read (JSONDecodeError"
    )


# --- torchkata compare ------------------------------------------------------------------------

GRADES_CSV = (
    "assignment,duedate,timestamp,student_id,last_name,first_name,email,raw_score,"
    "late_submission_penalty,score,max_score\n"
    "a1_backprop,,,ann,,,,39.0,0.0,39.0,39.0\n"
    "a1_backprop,,,ben,,,,39.0,0.0,39.0,39.0\n"
    "a1_backprop,,,cat,,,,0.0,0.0,0.0,39.0\n"
)


def results_folder(tmp_path, scores: dict[str, int]):
    """A grade-batch results folder whose students scored `scores` on a1_backprop (and 9 on mlp)."""
    for student, score in scores.items():
        report = Report(
            [
                ExerciseResult("a1_backprop/manual_backprop", checks=[CheckResult("all", score)]),
                ExerciseResult("a2_modules/mlp", checks=[CheckResult("all", 9)]),
            ]
        )
        (tmp_path / "results" / "students").mkdir(parents=True, exist_ok=True)
        (tmp_path / "results" / "students" / f"{student}.json").write_text(reports.to_json(report))
    (tmp_path / "grades.csv").write_text(GRADES_CSV)
    return [str(tmp_path / "grades.csv"), str(tmp_path / "results")]


def test_compare_lists_the_scores_that_differ_and_the_students_not_graded(tmp_path, capsys):
    assert cli.main(["compare", *results_folder(tmp_path, {"ann": 39, "ben": 20})]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "ben  a1_backprop: nbgrader 39, torchkata 20",
        "cat  a1_backprop: nbgrader 0, torchkata not graded",
        "1 of 3 scores agree, 1 not graded by torchkata "
        "(a higher nbgrader score may mean a notebook tampered with its checks)",
    ]


def test_compare_never_calls_an_assignment_that_was_not_graded_0(tmp_path, capsys):
    """A results folder graded with --only another assignment holds no a1_backprop score: that
    is "not graded", never a 0 beside nbgrader's score."""
    grades, results = results_folder(tmp_path, {"ann": 39})
    report = json.loads((Path(results) / "students" / "ann.json").read_text())
    report["exercises"] = [e for e in report["exercises"] if not e["name"].startswith("a1_")]
    (Path(results) / "students" / "ann.json").write_text(json.dumps(report))
    assert cli.main(["compare", grades, results]) == 1
    out = capsys.readouterr().out
    assert "ann  a1_backprop: nbgrader 39, torchkata not graded" in out
    assert "tampered" not in out


def test_compare_exits_0_when_every_score_agrees(tmp_path, capsys):
    assert cli.main(["compare", *results_folder(tmp_path, {"ann": 39, "ben": 39, "cat": 0})]) == 0
    assert capsys.readouterr().out == "3 of 3 scores agree\n"


def test_compare_says_what_is_wrong_with_its_input(tmp_path, capsys):
    paths = results_folder(tmp_path, {"ann": 39})
    (tmp_path / "grades.csv").write_text("name,points\nann,3\n")
    with pytest.raises(SystemExit) as exited:
        cli.main(["compare", *paths])
    assert (
        exited.value.code == 2 and "is not a CSV from `nbgrader export`" in capsys.readouterr().err
    )
    with pytest.raises(SystemExit):
        cli.main(["compare", paths[0], str(tmp_path)])
    assert "is not a grade-batch results folder" in capsys.readouterr().err
