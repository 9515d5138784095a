"""The instructor's term, end to end on small planted classes: regrades that notice a changed
submission, submissions in the wrong shape named, the Canvas CSV and the class report."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest

import classroom
from classroom import torchkata
from graders import reports
from graders.checks.scoring import points
from graders.instructor import batch

ROOT = Path(__file__).resolve().parent.parent
ONE = "a2_modules/rmse_loss"  # one quick exercise keeps these tests short


def scores(out: Path) -> dict[str, int]:
    return {
        p.stem: json.loads(p.read_text())["score"]
        for p in sorted((out / "students").glob("*.json"))
    }


# --- regrades -----------------------------------------------------------------------------------


def test_a_changed_submission_is_graded_again_and_an_unchanged_one_reused(tmp_path):
    klass, out = tmp_path / "class", tmp_path / "grades"
    classroom.complete(klass / "ada")
    classroom.stub(klass / "bob")
    first = torchkata("grade-batch", klass, "--out", out, "--only", ONE)
    assert first.returncode == 0 and "2 graded, 0 unchanged" in first.stdout
    assert scores(out) == {"ada": points(ONE), "bob": 0}

    again = torchkata("grade-batch", klass, "--out", out, "--only", ONE)
    assert "0 graded, 2 unchanged since their report and reused" in again.stdout

    shutil.copy(ROOT / "solutions" / f"{ONE}.py", klass / "bob" / f"{ONE}.py")  # bob resubmits
    resubmitted = torchkata("grade-batch", klass, "--out", out, "--only", ONE)
    assert "1 graded, 1 unchanged" in resubmitted.stdout
    assert scores(out) == {"ada": points(ONE), "bob": points(ONE)}
    assert list(csv.reader((out / "gradebook.csv").open()))[2][1] == str(points(ONE))

    forced = torchkata("grade-batch", klass, "--out", out, "--only", ONE, "--force")
    assert "2 graded, 0 unchanged" in forced.stdout


def test_the_fingerprint_follows_the_files_the_kit_and_what_was_asked(tmp_path):
    folder = classroom.complete(tmp_path / "ada")
    kit = batch.kit_version()
    before = batch.fingerprint(folder, kit, [ONE])
    assert batch.fingerprint(folder, kit, [ONE]) == before
    assert batch.fingerprint(folder, kit + "x", [ONE]) != before  # other graders
    assert batch.fingerprint(folder, kit, None) != before  # another selection of exercises
    (folder / "notes.txt").write_text("not code: never read, never graded")
    assert batch.fingerprint(folder, kit, [ONE]) == before
    module = folder / f"{ONE}.py"
    module.write_text(module.read_text() + "# a comment is a change\n")
    assert batch.fingerprint(folder, kit, [ONE]) != before


# --- wrong shapes -------------------------------------------------------------------------------


def test_exercises_one_level_down_are_found_and_the_report_says_where(tmp_path):
    classroom.complete(tmp_path / "upload" / "torchkata-main" / "exercises")
    done = torchkata("grade", tmp_path / "upload", "--only", ONE, "--json", tmp_path / "r.json")
    report = json.loads((tmp_path / "r.json").read_text())
    assert done.returncode == 0 and report["score"] == points(ONE)
    assert report["staging"]["base"] == "torchkata-main/exercises/"
    assert "the exercises were found in torchkata-main/exercises/" in done.stdout


def test_a_submission_with_no_exercise_is_named_and_flagged(tmp_path):
    empty = tmp_path / "class" / "carol"
    empty.mkdir(parents=True)
    (empty / "README.txt").write_text("I will submit tomorrow")
    alone = torchkata("grade", empty)
    assert alone.returncode == 1 and "no exercise found" in alone.stdout + alone.stderr
    classroom.complete(tmp_path / "class" / "ada")
    whole = torchkata(
        "grade-batch", tmp_path / "class", "--out", tmp_path / "grades", "--only", ONE
    )
    assert whole.returncode == 0 and "no exercise found for 1 students (carol)" in whole.stderr
    rows = {r["student"]: r for r in csv.DictReader((tmp_path / "grades" / "gradebook.csv").open())}
    assert rows["carol"]["flags"] == "no exercise found" and rows["ada"]["flags"] == ""


# --- LMS export and the class report ------------------------------------------------------------


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory) -> Path:
    klass, out = tmp_path_factory.mktemp("class"), tmp_path_factory.mktemp("grades")
    classroom.mixed_class(klass, 4)  # complete, partial, stub, wrong
    batch.grade_batch(klass, out, exercises=["a1_backprop/manual_backprop", ONE])
    return out


def test_the_canvas_csv_has_canvas_columns_and_a_points_possible_row(graded_class):
    rows = list(csv.reader((graded_class / "canvas.csv").open()))
    assert rows[0] == [
        "Student",
        "ID",
        "SIS User ID",
        "SIS Login ID",
        "Section",
        "a1_backprop",
        "a2_modules",
    ]
    assert rows[1] == [
        "Points Possible",
        "",
        "",
        "",
        "",
        str(points("a1_backprop/manual_backprop")),
        str(points(ONE)),
    ]
    gradebook = {r["student"]: r for r in csv.DictReader((graded_class / "gradebook.csv").open())}
    for row in rows[2:]:
        student = gradebook[row[3]]
        assert row[5:] == [student["a1_backprop/manual_backprop"], student[ONE]]


def test_the_class_report_renders_its_chart_and_tables(graded_class):
    page = (graded_class / "report.html").read_text()
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'viewBox="0 0' in svg  # matplotlib's figure, not a hand-written one
    assert "<h2>Exercises</h2>" in page and "<h2>Students</h2>" in page
    for name in ("student000", "student001", "student002", "student003"):
        assert name in page
    failed = page[page.index("Checks the class fails most") :].split("</table>")[0]
    assert "not implemented yet" not in failed  # stubs are counted apart
    assert "students with the stub" in page


def test_histogram_bins_never_share_an_edge():
    bins = reports.histogram([0, 13, 14, 27, 28, 140], 140)
    labels = [label for label, _ in bins]
    assert labels[0] == "0–13" and labels[1] == "14–27" and labels[-1].endswith("–140")
    edges = [tuple(map(int, label.split("–"))) for label in labels]
    assert all(b[0] == a[1] + 1 for a, b in zip(edges, edges[1:]))
    assert sum(count for _, count in bins) == 6


def test_the_chart_counts_whole_students():
    """The y axis of a small class has integer ticks only: no half students."""
    svg = reports._chart([("0–13", 1), ("14–27", 2)])
    texts = re.findall(r"<!-- (.*?) -->", svg)  # matplotlib names each text it draws
    ticks = texts[texts.index("points") + 1 : texts.index("students")]
    assert ticks and all(t.isdigit() for t in ticks), ticks
