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

import pytest

import classroom
from graders import catalog
from graders.checks.scoring import checks_of, points

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
TORCHKATA = str(Path(sys.executable).with_name("torchkata"))


def test_gradescope_run_autograder_writes_results_json(tmp_path):
    classroom.partial(tmp_path / "submission", done=1)
    for extra in catalog.EXERCISES[1:]:  # keep it quick: only the first exercise is there
        (tmp_path / "submission" / f"{extra}.py").unlink(missing_ok=True)
    env = os.environ | {"AUTOGRADER_ROOT": str(tmp_path), "TORCHKATA": TORCHKATA}
    subprocess.run(
        [TEMPLATES / "gradescope" / "run_autograder"],
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )
    results = json.loads((tmp_path / "results" / "results.json").read_text())
    assert results["score"] == points(catalog.EXERCISES[0])
    assert len(results["tests"]) == sum(
        len(checks_of(catalog.grader(e))) for e in catalog.EXERCISES
    )


def test_gradescope_run_autograder_reports_when_it_cannot_grade(tmp_path):
    env = os.environ | {
        "AUTOGRADER_ROOT": str(tmp_path),
        "TORCHKATA": TORCHKATA,
    }  # no submission/ at all
    subprocess.run(
        [TEMPLATES / "gradescope" / "run_autograder"], env=env, capture_output=True, timeout=600
    )
    results = json.loads((tmp_path / "results" / "results.json").read_text())
    assert results["score"] == 0 and "could not run" in results["output"]


def _clone(tmp_path) -> Path:
    """A clone of the kit's committed files (build.sh archives what is committed)."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("build.sh archives the committed files: this is not a git clone")
    clone = tmp_path / "kit"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, capture_output=True)
    shutil.copy2(
        TEMPLATES / "gradescope" / "build.sh", clone / "templates" / "gradescope" / "build.sh"
    )  # this version of it
    return clone


def _zip_names(path: Path) -> set[str]:
    return set(zipfile.ZipFile(path).namelist())


def test_gradescope_zip_holds_the_scripts_and_the_kit_without_solutions(tmp_path):
    clone = _clone(tmp_path)
    subprocess.run(
        [clone / "templates" / "gradescope" / "build.sh", tmp_path / "autograder.zip"],
        check=True,
        capture_output=True,
    )
    names = _zip_names(tmp_path / "autograder.zip")
    assert {
        "setup.sh",
        "run_autograder",
        "torchkata/pyproject.toml",
        "torchkata/graders/grading/engine.py",
    } <= names
    assert not [n for n in names if n.startswith(("torchkata/solutions", "torchkata/tests"))]


def test_gradescope_build_refuses_uncommitted_grader_changes_unless_told(tmp_path):
    clone = _clone(tmp_path)
    build = clone / "templates" / "gradescope" / "build.sh"
    (clone / "graders" / "catalog.py").write_text(
        (clone / "graders" / "catalog.py").read_text() + "\n# changed\n"
    )
    (clone / "graders" / "new_module.py").write_text("X = 1\n")
    refused = subprocess.run([build, tmp_path / "refused.zip"], capture_output=True, text=True)
    assert refused.returncode == 1 and not (tmp_path / "refused.zip").exists()
    assert (
        "graders/catalog.py" in refused.stderr
        and "graders/new_module.py" in refused.stderr
        and "--allow-dirty" in refused.stderr
    )
    subprocess.run(
        [build, "--allow-dirty", tmp_path / "dirty.zip"], check=True, capture_output=True
    )
    archive = zipfile.ZipFile(tmp_path / "dirty.zip")
    assert archive.read("torchkata/graders/catalog.py").decode().endswith("# changed\n")
    assert "torchkata/graders/new_module.py" in archive.namelist()
    (clone / "solutions" / "notes.txt").write_text(
        "not in the zip\n"
    )  # outside what the zip holds: no refusal
    subprocess.run(["git", "checkout", "-q", "--", "graders"], cwd=clone, check=True)
    (clone / "graders" / "new_module.py").unlink()
    subprocess.run([build, tmp_path / "clean.zip"], check=True, capture_output=True)


def test_classroom_workflow_has_one_step_per_exercise_with_its_points():
    text = (TEMPLATES / "github-classroom" / "classroom.yml").read_text()
    steps = re.findall(r"--only (\S+) --fail-under 100\n\s+timeout: \d+\n\s+max-score: (\d+)", text)
    assert [(e, int(p)) for e, p in steps] == [(e, points(e)) for e in catalog.EXERCISES]
    ids = re.findall(r"^\s+id: (\S+)$", text, re.M)
    assert re.search(r"runners: (\S+)", text)[1].split(",") == ids
    assert all(f"steps.{i}.outputs.result" in text for i in ids)


def test_plain_ci_script_grades_a_class(tmp_path):
    classroom.mixed_class(tmp_path / "submissions", 2)
    env = os.environ | {
        "TORCHKATA": TORCHKATA,
        "WORKERS": "1",
        "TORCHKATA_OPTIONS": "--only a1_backprop/dynamic_graph",
    }
    subprocess.run(
        [TEMPLATES / "ci" / "grade-class.sh", tmp_path / "submissions", tmp_path / "grades"],
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )
    rows = (tmp_path / "grades" / "gradebook.csv").read_text().splitlines()
    full = points("a1_backprop/dynamic_graph")
    assert rows == [
        "student,a1_backprop/dynamic_graph,total,max_score,flags",
        f"student000,{full},{full},{full},",
        f"student001,{full},{full},{full},",
    ]  # complete, partial (its first six solved)


@pytest.mark.parametrize(
    "template",
    ["gradescope/setup.sh", "github-classroom/classroom.yml", "ci/gitlab-ci.yml"],
)
def test_every_template_installs_torch_s_cpu_build(template):
    """No hosting template has a GPU: each pip install that brings torch names the CPU index,
    or it would pull the 5 GB CUDA build."""
    text = (TEMPLATES / template).read_text().replace("\\\n", " ")
    installs = [line for line in text.splitlines() if re.search(r"pip install .*-c ", line)]
    assert installs, "no install of the kit found"
    for line in installs:
        assert "download.pytorch.org/whl/cpu" in line, line
