"""The hosting templates in templates/, run here as far as they can be outside their hosts."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import classroom

from graders import catalog
from graders.scoring import checks_of

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
TORCHKATA = str(Path(sys.executable).with_name("torchkata"))


def points(exercise: str) -> int:
    return sum(c.points for c in checks_of(catalog.grader(exercise)))


def test_gradescope_run_autograder_writes_results_json(tmp_path):
    classroom.partial(tmp_path / "submission", done=1)
    for extra in catalog.EXERCISES[1:]:  # keep it quick: only the first exercise is there
        (tmp_path / "submission" / f"{extra}.py").unlink(missing_ok=True)
    env = os.environ | {"AUTOGRADER_ROOT": str(tmp_path), "TORCHKATA": TORCHKATA}
    subprocess.run([TEMPLATES / "gradescope" / "run_autograder"], env=env, check=True, capture_output=True, timeout=600)
    results = json.loads((tmp_path / "results" / "results.json").read_text())
    assert results["score"] == points(catalog.EXERCISES[0])
    assert len(results["tests"]) == sum(len(checks_of(catalog.grader(e))) for e in catalog.EXERCISES)


def test_gradescope_run_autograder_reports_when_it_cannot_grade(tmp_path):
    env = os.environ | {"AUTOGRADER_ROOT": str(tmp_path), "TORCHKATA": TORCHKATA}  # no submission/ at all
    subprocess.run([TEMPLATES / "gradescope" / "run_autograder"], env=env, capture_output=True, timeout=600)
    results = json.loads((tmp_path / "results" / "results.json").read_text())
    assert results["score"] == 0 and "could not run" in results["output"]


def test_gradescope_zip_holds_the_scripts_and_the_kit_without_solutions(tmp_path):
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        return  # built from the committed files; nothing to check outside a clone
    subprocess.run([TEMPLATES / "gradescope" / "build.sh", tmp_path / "autograder.zip"], check=True, capture_output=True)
    names = zipfile.ZipFile(tmp_path / "autograder.zip").namelist()
    assert {"setup.sh", "run_autograder", "torchkata/pyproject.toml", "torchkata/graders/engine.py"} <= set(names)
    assert not [n for n in names if n.startswith(("torchkata/solutions", "torchkata/tests"))]


def test_classroom_workflow_has_one_step_per_exercise_with_its_points():
    text = (TEMPLATES / "github-classroom" / "classroom.yml").read_text()
    steps = re.findall(r"--only (\S+) --fail-under 100\n\s+timeout: \d+\n\s+max-score: (\d+)", text)
    assert [(e, int(p)) for e, p in steps] == [(e, points(e)) for e in catalog.EXERCISES]
    ids = re.findall(r"^\s+id: (\S+)$", text, re.M)
    assert re.search(r"runners: (\S+)", text)[1].split(",") == ids
    assert all(f"steps.{i}.outputs.result" in text for i in ids)


def test_plain_ci_script_grades_a_class(tmp_path):
    classroom.mixed_class(tmp_path / "submissions", 2)
    env = os.environ | {"TORCHKATA": TORCHKATA, "WORKERS": "1", "TORCHKATA_OPTIONS": "--only a1_backprop/dynamic_graph"}
    subprocess.run([TEMPLATES / "ci" / "grade-class.sh", tmp_path / "submissions", tmp_path / "grades"], env=env, check=True, capture_output=True, timeout=600)
    rows = (tmp_path / "grades" / "gradebook.csv").read_text().splitlines()
    full = points("a1_backprop/dynamic_graph")
    assert rows == ["student,a1_backprop/dynamic_graph,total,max_score,flags", f"student000,{full},{full},{full},", f"student001,{full},{full},{full},"]  # complete, partial (its first six solved)
