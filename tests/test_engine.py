"""The grading engine end to end: `torchkata grade`, `grade-batch` and `merge` on real folders.

Most tests grade two exercises (ONLY) to stay quick; one grades the whole curriculum.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest

import adversarial
import classroom
from classroom import torchkata
from graders import catalog, reports
from graders.checks.scoring import points
from graders.grading import engine
from graders.instructor import batch, similarity
from graders.isolation.sandbox import Limits

ROOT = Path(__file__).resolve().parent.parent
ONLY = [classroom.VICTIM, "a2_modules/two_layer_net"]
SCHEMA = json.loads(reports.SCHEMA.read_text())


def without_time(report: dict) -> dict:
    return {k: v for k, v in report.items() if k != "seconds"}


def graded(*args, **kwargs) -> dict:
    """engine.grade's report as the JSON report holds it."""
    return engine.grade(*args, **kwargs).to_dict()


@pytest.fixture(scope="module")
def solutions_report(tmp_path_factory):
    folder = classroom.complete(tmp_path_factory.mktemp("complete") / "sub")
    return engine.grade(folder)


def test_complete_submission_gets_full_marks_and_a_valid_report(solutions_report):
    solutions_report = solutions_report.to_dict()
    jsonschema.validate(solutions_report, SCHEMA)
    assert solutions_report["score"] == solutions_report["max_score"] == points()
    assert [e["name"] for e in solutions_report["exercises"]] == catalog.EXERCISES
    assert all(
        e["status"] == "graded" and e["score"] == e["max_score"]
        for e in solutions_report["exercises"]
    )
    assert {"python", "torch", "hypothesis", "numpy", "torchkata"} <= set(
        solutions_report["versions"]
    )


def test_gradescope_results_have_the_keys_gradescope_reads(solutions_report):
    results = reports.gradescope(solutions_report)
    assert set(results) == {"score", "execution_time", "output", "tests"}
    assert results["score"] == sum(t["score"] for t in results["tests"]) == points()
    for test in results["tests"]:
        assert set(test) == {
            "name",
            "number",
            "score",
            "max_score",
            "status",
            "output",
            "visibility",
        }
        assert test["status"] in ("passed", "failed") and test["visibility"] in (
            "hidden",
            "after_due_date",
            "after_published",
            "visible",
        )


def test_junit_parses_with_one_testcase_per_check(solutions_report):
    root = ET.fromstring(reports.junit(solutions_report).split("\n", 1)[1])
    cases = root.findall("./testsuite/testcase")
    assert (
        len(cases) == sum(len(e.checks) for e in solutions_report.exercises)
        and root.get("failures") == "0"
    )


def test_stub_and_missing_modules_score_zero_with_their_reason(tmp_path):
    folder = classroom.partial(tmp_path / "sub", done=0)
    report = graded(folder, [classroom.VICTIM, catalog.EXERCISES[-1]])
    jsonschema.validate(report, SCHEMA)
    stubbed, missing = report["exercises"]
    assert stubbed["status"] == "graded" and stubbed["score"] == 0
    assert all(c["message"].startswith("not implemented yet") for c in stubbed["checks"])
    assert (
        missing["status"] == "missing"
        and missing["score"] == 0
        and "missing" in missing["checks"][0]["message"]
    )


@pytest.mark.parametrize(
    ("attack", "status", "says"),
    [
        ("crash_at_import", "error", "could not be imported"),
        ("sys_exit_in_function", "graded", "your code raised SystemExit"),
        ("os_exit_in_function", "error", "ended the grading process"),
        ("segfault", "error", "SIGSEGV"),
        ("busy_loop", "timeout", "used more than 3 s of CPU time"),
        ("memory_hog", "graded", "MemoryError"),
    ],
)
def test_a_submission_that_breaks_its_worker_loses_only_that_exercise(
    tmp_path, attack, status, says
):
    folder = classroom.hostile(tmp_path / "sub", adversarial.ATTACKS[attack])
    report = graded(folder, ONLY, Limits(timeout=3 if attack == "busy_loop" else 60))
    jsonschema.validate(report, SCHEMA)
    victim, other = report["exercises"]
    assert victim["status"] == status and victim["score"] < victim["max_score"]
    assert any(says in c["message"] for c in victim["checks"]), victim["checks"][0]["message"]
    assert other["status"] == "graded" and other["score"] == other["max_score"]
    if status != "graded":
        assert victim["score"] == 0


def test_the_same_submission_gets_the_same_report(tmp_path):
    folder = classroom.wrong(tmp_path / "sub", index=3)
    first, second = engine.grade(folder), engine.grade(folder)
    first.seconds = second.seconds = 0.0
    assert first.score < first.max_score
    assert reports.to_json(first) == reports.to_json(second)


def test_grade_command_writes_every_format_and_gates_on_fail_under(tmp_path):
    folder = classroom.partial(tmp_path / "sub", done=1)
    out = torchkata(
        "grade",
        folder,
        "--only",
        "a1_backprop",
        "--json",
        tmp_path / "r.json",
        "--gradescope",
        tmp_path / "g.json",
        "--junit",
        tmp_path / "j.xml",
        "--fail-under",
        50,
    )
    assert out.returncode == 1 and "under --fail-under 50%" in out.stderr
    assert (
        "a1_backprop/manual_backprop" in out.stdout and "-1 " in out.stdout
    )  # a lost point, with its reason
    report = json.loads((tmp_path / "r.json").read_text())
    jsonschema.validate(report, SCHEMA)
    assert (
        report["score"] == points("a1_backprop/manual_backprop")
        and json.loads((tmp_path / "g.json").read_text())["score"] == report["score"]
    )
    ET.parse(tmp_path / "j.xml")
    assert torchkata("grade", folder, "--only", "a1_backprop", "--fail-under", 30).returncode == 0


@pytest.mark.parametrize(
    "args",
    [
        ["grade", "no/such/folder"],
        ["grade", ".", "--only", "a9"],
        ["grade-batch", ".", "--shard", "3/2"],
        ["merge", "no/such", "--out", "x"],
        ["grade", ".", "--timeout", "0"],
        ["grade", ".", "--timeout", "-5"],
        ["grade", ".", "--fail-under", "150"],
        ["grade-batch", ".", "--workers", "0"],
        ["similarity", ".", "--csv", "x.csv", "--threshold", "1.5"],
        ["compare", "pyproject.toml", "."],  # not a CSV from nbgrader export
    ],
)
def test_commands_refuse_bad_input_with_a_message(args):
    out = torchkata(*args)
    assert out.returncode == 2 and "error:" in out.stderr and "Traceback" not in out.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["grade", ".", "--json", "pyproject.toml/report.json"],
        ["grade", ".", "--junit", "pyproject.toml/junit.xml"],
        ["grade-batch", ".", "--out", "pyproject.toml/grades"],
        ["similarity", ".", "--csv", "pyproject.toml/pairs.csv"],
    ],
)
def test_an_output_that_cannot_be_written_is_refused_before_any_work(args):
    """Not a traceback after grading, the results lost: refused at once, saying where."""
    out = torchkata(*args)
    assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr[-2000:]
    assert "cannot write there (" in out.stderr and "pyproject.toml is not a folder" in out.stderr


# --- a class --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def klass(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("class") / "submissions"
    classroom.mixed_class(folder, 8)
    return folder


def students_json(out: Path) -> dict[str, str]:
    return {
        p.name: json.dumps(without_time(json.loads(p.read_text())), sort_keys=True)
        for p in sorted((out / "students").glob("*.json"))
    }


@pytest.fixture(scope="module")
def whole(klass, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("whole")
    batch.grade_batch(
        klass, out, exercises=["a1_backprop/manual_backprop", "a1_backprop/dynamic_graph"]
    )
    return out


def test_batch_writes_a_gradebook_row_per_student_and_a_class_report(whole):
    rows = list(csv.reader((whole / "gradebook.csv").open()))
    assert rows[0] == [
        "student",
        "a1_backprop/manual_backprop",
        "a1_backprop/dynamic_graph",
        "total",
        "max_score",
        "flags",
    ]
    assert [r[0] for r in rows[1:]] == [f"student{i:03d}" for i in range(8)]
    full = str(points("a1_backprop/manual_backprop", "a1_backprop/dynamic_graph"))
    assert rows[1][-3:-1] == [full, full] and rows[3][-3] == "0"  # complete, stub
    for path in (whole / "students").glob("*.json"):
        jsonschema.validate(json.loads(path.read_text()), SCHEMA)
    page = (whole / "report.html").read_text()
    assert "<svg" in page and "Checks the class fails most" in page


def test_workers_and_shards_change_nothing(klass, whole, tmp_path):
    only = ["--only", "a1_backprop/manual_backprop", "--only", "a1_backprop/dynamic_graph"]
    assert (
        torchkata("grade-batch", klass, "--out", tmp_path / "w2", "--workers", 2, *only).returncode
        == 0
    )
    assert students_json(tmp_path / "w2") == students_json(whole)
    for k in (1, 2, 3):
        done = torchkata(
            "grade-batch", klass, "--out", tmp_path / f"s{k}", "--shard", f"{k}/3", *only
        )
        assert done.returncode == 0, done.stderr
    assert len(students_json(tmp_path / "s1")) == 3 and len(students_json(tmp_path / "s3")) == 2
    assert (
        torchkata(
            "merge", *(tmp_path / f"s{k}" for k in (1, 2, 3)), "--out", tmp_path / "merged"
        ).returncode
        == 0
    )
    assert students_json(tmp_path / "merged") == students_json(whole)
    assert (tmp_path / "merged" / "gradebook.csv").read_text() == (
        whole / "gradebook.csv"
    ).read_text()
    # Each shard writes the similar pairs of its own students; merge joins them into the class's.
    similar = (whole / "similar.csv").read_text()
    assert similarity.REFERENCE in similar  # the complete students hand in the kit's solution
    assert (tmp_path / "merged" / "similar.csv").read_text() == similar
    shards = [(tmp_path / f"s{k}" / "similar.csv").read_text().splitlines()[1:] for k in (1, 2, 3)]
    assert sorted(sum(shards, [])) == sorted(similar.splitlines()[1:])  # each pair in one shard
    page = (tmp_path / "merged" / "report.html").read_text()
    assert similarity.REFERENCE.replace("'", "&#x27;") in page


def test_control_characters_never_reach_a_format(tmp_path):
    """An exception message full of ANSI escapes and control bytes: the terminal, the JSON,
    Gradescope's file and JUnit's XML (which must parse) get it made safe."""
    source = adversarial.ATTACKS["control_characters_in_a_message"]
    folder = classroom.hostile(tmp_path / "sub", source)
    done = torchkata(
        "grade",
        folder,
        "--only",
        classroom.VICTIM,
        "--json",
        tmp_path / "r.json",
        "--gradescope",
        tmp_path / "g.json",
        "--junit",
        tmp_path / "j.xml",
    )
    files = [(tmp_path / name).read_text() for name in ("r.json", "g.json", "j.xml")]
    texts = [done.stdout, *files]
    assert all("\x1b" not in t and "\x00" not in t for t in texts)
    assert "ALL TESTS PASSED" in done.stdout
    ET.parse(tmp_path / "j.xml")


@pytest.mark.parametrize("limit_kib", [4_000_000, 1_100_000])
def test_a_host_address_space_limit_is_respected(tmp_path, limit_kib):
    """An inherited `ulimit -v` (common on shared grading hosts) is used as it is: under 4 GB
    grading works; where it leaves a worker no room, the command says so, as the host's fault."""
    folder = classroom.complete(tmp_path / "sub")
    done = subprocess.run(
        [
            "bash",
            "-c",
            f"ulimit -v {limit_kib}; exec {sys.executable} -m graders.frontends.cli grade {folder} "
            f"--only a2_modules/two_layer_net --json {tmp_path / 'r.json'}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if limit_kib > 2_000_000:
        assert done.returncode == 0, done.stderr
        report = json.loads((tmp_path / "r.json").read_text())
        assert report["score"] == report["max_score"] == points("a2_modules/two_layer_net")
    else:
        assert done.returncode == 2 and "ulimit -v" in done.stderr, done.stderr
        assert "your code" not in done.stderr.lower()


def test_three_batches_started_at_once_give_the_same_gradebook(klass, whole, tmp_path):
    """Graders on one machine share nothing a worker could be confused by: user ids come from a
    machine-wide pool, cgroups are named after them, workers are signalled through pidfds."""
    only = ["--only", "a1_backprop/manual_backprop", "--only", "a1_backprop/dynamic_graph"]
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "graders.frontends.cli",
                "grade-batch",
                klass,
                "--out",
                tmp_path / f"o{i}",
            ]
            + only,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(3)
    ]
    for run in runs:
        assert run.wait(timeout=600) == 0, run.stderr.read()
    expected = (whole / "gradebook.csv").read_text()
    assert all((tmp_path / f"o{i}" / "gradebook.csv").read_text() == expected for i in range(3))
    assert all(students_json(tmp_path / f"o{i}") == students_json(whole) for i in range(3))


def test_merge_names_a_report_it_cannot_read_and_exits_1(whole, tmp_path):
    part = tmp_path / "part"
    shutil.copytree(whole, part)
    victim = sorted((part / "students").glob("*.json"))[0]
    victim.write_text(victim.read_text()[:100])  # a truncated report
    done = torchkata("merge", part, "--out", tmp_path / "merged")
    assert done.returncode == 1
    assert f"could not read {victim}" in done.stderr and "grade them again" in done.stderr
    assert done.stdout.startswith(f"{len(students_json(whole)) - 1} students")


def test_a_batch_with_workers_after_grading_in_the_same_process_grades_everyone(
    klass, whole, tmp_path
):
    """The grader processes are forked from one whose forkserver already runs: each must start
    its own (the inherited one is not its child) rather than fail every student."""
    only = ["a1_backprop/manual_backprop", "a1_backprop/dynamic_graph"]
    engine.grade(klass / "student000", only)  # this process now has a forkserver
    done = batch.grade_batch(klass, tmp_path, workers=2, exercises=only)
    assert {name: r.score for name, r in done.reports.items()} == {
        name: r.score for name, r in batch.done(whole).items()
    }


def test_an_interrupted_batch_resumes_where_it_stopped(klass, whole, tmp_path):
    graded = []

    def interrupt_after_three(i, n, name):
        graded.append(name)
        if i == 3:
            raise KeyboardInterrupt

    exercises = ["a1_backprop/manual_backprop", "a1_backprop/dynamic_graph"]
    with pytest.raises(KeyboardInterrupt):
        batch.grade_batch(klass, tmp_path, exercises=exercises, progress=interrupt_after_three)
    assert len(students_json(tmp_path)) == 3  # each written as soon as it was graded
    graded.clear()
    batch.grade_batch(
        klass, tmp_path, exercises=exercises, progress=lambda i, n, name: graded.append(name)
    )
    assert len(graded) == 5 and students_json(tmp_path) == students_json(whole)
    assert (tmp_path / "gradebook.csv").read_text() == (whole / "gradebook.csv").read_text()


def test_a_flat_upload_is_graded_like_the_exercises_layout(tmp_path):
    (tmp_path / "flat").mkdir()
    (tmp_path / "flat" / "manual_backprop.py").write_text(
        (ROOT / "solutions" / f"{classroom.VICTIM}.py").read_text()
    )
    (tmp_path / "flat" / "notes.txt").write_text("not Python, not copied")
    report = graded(tmp_path / "flat", ONLY)
    assert [(e["status"], e["score"]) for e in report["exercises"]] == [
        ("graded", points(classroom.VICTIM)),
        ("missing", 0),
    ]


# --- the kit's own faults --------------------------------------------------------------------

FAULTY = (
    '''
import sys
from graders.frontends import cli
from graders.checks import scoring
from graders.checks.a2_modules import two_layer_net as grader
from graders.inside.probes import modules as probes

def parameters_are_registered(sub, case):
    """A check whose judge has a bug."""
    raise RuntimeError("a bug in a judge")

def to_moves_every_parameter(sub, case):
    """A check whose judge reads a key its probe's reply does not have."""
'''
    '    sub.run(probes.run_layer, "TwoLayerNet", (1, 2, 3), "linear1")["no such key"]\n'
    "\n"
    "grader.parameters_are_registered = "
    "scoring.Check(parameters_are_registered, 1, strategies={'case': grader.st.two_layer_nets()})\n"
    "grader.to_moves_every_parameter = "
    "scoring.Check(to_moves_every_parameter, 1, strategies={'case': grader.st.two_layer_nets()})\n"
    "sys.exit(cli.main(sys.argv[1:]))\n"
)


def faulty_torchkata(*args) -> subprocess.CompletedProcess:
    """torchkata with two checks of two_layer_net broken: two judges raise (a probe that raises
    is the submission's failure: it ran in the worker, where everything is the submission's)."""
    return subprocess.run(
        [sys.executable, "-c", FAULTY, *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_a_fault_of_the_kit_is_withheld_never_the_students_zero(tmp_path):
    folder = classroom.complete(tmp_path / "sub")
    done = faulty_torchkata(
        "grade",
        folder,
        "--only",
        "a2_modules/two_layer_net",
        "--json",
        tmp_path / "r.json",
        "--gradescope",
        tmp_path / "g.json",
        "--junit",
        tmp_path / "j.xml",
    )
    assert done.returncode == 3, done.stderr
    assert "the kit's fault" in done.stderr and "Traceback" not in done.stderr
    report = json.loads((tmp_path / "r.json").read_text())
    jsonschema.validate(report, SCHEMA)
    checks = {c["name"]: c for c in report["exercises"][0]["checks"]}
    for broken, says in (
        ("parameters_are_registered", "RuntimeError: a bug in a judge"),
        ("to_moves_every_parameter", "KeyError: 'no such key'"),
    ):
        assert checks[broken]["status"] == "grader-error" and says in checks[broken]["problem"], (
            checks[broken]
        )
        assert checks[broken]["max_score"] == 0 and "your code" not in checks[broken]["problem"]
    full = points("a2_modules/two_layer_net")
    assert (
        report["withheld"] == 2 and report["max_score"] == full - 2 and report["score"] == full - 2
    )
    assert sorted(report["grader_errors"]) == [
        "a2_modules/two_layer_net: parameters_are_registered",
        "a2_modules/two_layer_net: to_moves_every_parameter",
    ]
    gradescope = json.loads((tmp_path / "g.json").read_text())
    assert gradescope["score"] == full - 2 and "the kit's fault" in gradescope["output"]
    assert ET.parse(tmp_path / "j.xml").getroot().get("errors") == "2"


def test_a_batch_with_a_fault_of_the_kit_exits_3_and_flags_the_students(tmp_path):
    classroom.complete(tmp_path / "class" / "ann")
    done = faulty_torchkata(
        "grade-batch",
        tmp_path / "class",
        "--out",
        tmp_path / "out",
        "--only",
        "a2_modules/two_layer_net",
    )
    assert done.returncode == 3 and "the kit's fault" in done.stderr, done.stderr
    assert "grader error (2 points withheld)" in (tmp_path / "out" / "gradebook.csv").read_text()
    assert "grader error" in (tmp_path / "out" / "report.html").read_text()


def test_a_planted_notebook_copy_reaches_the_merged_class_report(tmp_path):
    """Two shards, merged: a notebook whose solution cell copies a classmate's file is paired
    with the classmate and with the kit's solution in the class's similar pairs and report."""
    exercise = "a2_modules/rmse_loss"
    klass = tmp_path / "class"
    source = (ROOT / "solutions" / f"{exercise}.py").read_text()
    (klass / "ann" / "a2_modules").mkdir(parents=True)
    (klass / "ann" / "a2_modules" / "rmse_loss.py").write_text(source)
    notebook = json.loads(
        (ROOT / "assignments" / "source" / "a2_modules" / "a2_modules.ipynb").read_text()
    )
    for cell in notebook["cells"]:
        grading = cell.get("metadata", {}).get("nbgrader", {})
        if grading.get("solution"):
            cell["source"] = source if grading.get("grade_id") == "rmse_loss" else ""
    (klass / "ben").mkdir()
    (klass / "ben" / "a2_modules.ipynb").write_text(json.dumps(notebook))
    for k in (1, 2):
        done = torchkata(
            "grade-batch",
            klass,
            "--out",
            tmp_path / f"s{k}",
            "--shard",
            f"{k}/2",
            "--only",
            exercise,
        )
        assert done.returncode == 0, done.stderr
    merged = tmp_path / "merged"
    assert torchkata("merge", tmp_path / "s1", tmp_path / "s2", "--out", merged).returncode == 0
    pairs = {
        (p.student_a, p.student_b)
        for p in similarity.from_csv((merged / "similar.csv").read_text())
    }
    assert {("ann", "ben"), (similarity.REFERENCE, "ann"), (similarity.REFERENCE, "ben")} <= pairs
    page = (merged / "report.html").read_text()
    assert "ann" in page and "ben" in page
