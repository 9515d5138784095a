"""`torchkata release --student DIR`: a repository for students, with nothing of the solutions."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from corpus import ROOT
from graders import catalog, errors
from graders.checks.scoring import checks_of
from graders.frontends import cli
from graders.instructor import notebook_writer, release

TOP_LEVEL = {
    ".gitignore",
    "README.md",
    "assignments",
    "conftest.py",
    "constraints.txt",
    "exercises",
    "graders",
    "pyproject.toml",
}
CHECKS = sum(len(checks_of(catalog.grader(e))) for e in catalog.EXERCISES)


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> tuple[Path, list[Path]]:
    out = tmp_path_factory.mktemp("student")
    return out, release.student_repository(ROOT, out)


@pytest.fixture(scope="module")
def export_texts(export) -> dict[Path, str]:
    """Every file of the export as text; a notebook also as its cells' sources, since JSON
    escapes the quotes and backslashes of code."""
    texts = {}
    for path in export[1]:
        text = path.read_text(errors="replace")
        if path.suffix == ".ipynb":
            text += "\n".join("".join(cell["source"]) for cell in json.loads(text)["cells"])
        texts[path] = text
    return texts


def test_the_export_is_the_student_files_and_nothing_else(export):
    out, written = export
    assert {
        p.name for p in out.iterdir()
    } == TOP_LEVEL  # no solutions/, tests/, benchmarks/, templates/, .git
    assert written == sorted(p for p in out.rglob("*") if p.is_file())
    assert not [
        p for p in written if "__pycache__" in p.parts or p.name.startswith(("right_", "wrong_"))
    ]
    kit_graders = {
        p.relative_to(ROOT)
        for p in (ROOT / "graders").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert {p.relative_to(out) for p in (out / "graders").rglob("*") if p.is_file()} == kit_graders


def test_exercises_are_exactly_what_the_release_writes(export):
    out, _ = export
    planned = {
        p.relative_to(ROOT): text
        for p, text in release.planned(ROOT).items()
        if p.relative_to(ROOT).parts[0] == "exercises"
    }
    assert {p.relative_to(out) for p in (out / "exercises").rglob("*") if p.is_file()} == set(
        planned
    )
    assert all((out / path).read_text() == text for path, text in planned.items())


@pytest.mark.parametrize("assignment", catalog.ASSIGNMENTS)
def test_notebooks_are_the_course_notebooks_with_their_solution_cells_stubbed(export, assignment):
    out, _ = export
    student = json.loads((out / "assignments" / assignment / f"{assignment}.ipynb").read_text())[
        "cells"
    ]
    course = notebook_writer.build(ROOT, assignment)["cells"]
    assert [c["id"] for c in student] == [c["id"] for c in course]
    for mine, theirs in zip(student, course):
        if theirs["metadata"].get("nbgrader", {}).get("solution"):
            code = "".join(mine["source"])
            assert (
                "NotImplementedError(" in code
                and release.BEGIN not in code
                and release.END not in code
            )
            assert code == release.stub("".join(theirs["source"]), assignment).rstrip("\n")
        else:
            assert mine == theirs


def test_the_readme_lists_every_exercise_and_names_only_files_that_exist(export):
    out, _ = export
    readme = (out / "README.md").read_text()
    for exercise in catalog.EXERCISES:
        assignment, module = exercise.split("/")
        assert f"| {assignment} | `{module}.py` |" in readme
    for path in re.findall(r"exercises/\S+\.py", readme):
        assert (out / path).is_file(), path


# A region line gives a solution away only when it is specific to that solution. Three kinds
# of lines are not, and are left out:
# - short lines, under 12 characters once stripped (`else:`, `continue`, `]`, `return loss`,
#   `total = 0.0` is the longest such): every Python file has lines like them;
# - lines that the solution file itself shows outside its regions: its introduction and
#   docstrings teach some on purpose (`ctx.save_for_backward(x)`), and the released stub keeps
#   them (release.stub of the solution is exactly the file without its regions);
# - lines of the kit's graders/, which the export ships and every student installs: the
#   references compute torch's answers in plain torch, so lines like `optimizer.zero_grad()` are
#   there by design.
# Every other line of every solution region must appear in no file of the export.
SHORT = 12


def solution_regions(source: str) -> dict[str, list[str]]:
    """For each function of a solution module (found with ast), the stripped lines of its
    solution regions."""
    lines, regions = source.splitlines(), {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            inside, found = False, []
            for line in lines[node.lineno - 1 : node.end_lineno]:
                marker = line.strip()
                if marker in (release.BEGIN, release.END):
                    inside = marker == release.BEGIN
                elif inside and marker:
                    found.append(marker)
            if found:
                regions[f"{node.name} (line {node.lineno})"] = found
    return regions


def published() -> str:
    return "\n".join(p.read_text() for p in (ROOT / "graders").rglob("*.py"))


@pytest.mark.parametrize("exercise", catalog.EXERCISES)
def test_no_line_of_a_solution_is_in_the_export(export_texts, exercise):
    source = (ROOT / "solutions" / f"{exercise}.py").read_text()
    public = release.stub(source, exercise) + published()
    regions = solution_regions(source)
    assert regions, f"{exercise}: no function holds a solution region"
    leaks = [
        f"{function}: {line!r} in {path}"
        for function, lines in regions.items()
        for line in lines
        if len(line) >= SHORT and line not in public
        for path, text in export_texts.items()
        if line in text
    ]
    assert not leaks, "\n".join(leaks)


def test_the_rule_leaves_most_solution_lines_to_check():
    """The rule above must not make the previous test vacuous."""
    graders = published()
    counted = checked = 0
    for exercise in catalog.EXERCISES:
        source = (ROOT / "solutions" / f"{exercise}.py").read_text()
        public = release.stub(source, exercise) + graders
        lines = [line for found in solution_regions(source).values() for line in found]
        counted += len(lines)
        checked += sum(len(line) >= SHORT and line not in public for line in lines)
    assert checked >= counted / 2, f"only {checked} of {counted} solution lines are checked"


def test_a_fresh_clone_grades_the_stubs_at_zero(tmp_path):
    """Quickstart 1 on a clone of the export, with the kit's interpreter (no new virtualenv),
    and the clone's own graders/ in front of the kit's editable install."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    out, clone = tmp_path / "student", tmp_path / "clone"
    made = subprocess.run(
        [
            sys.executable,
            "-m",
            "graders.frontends.cli",
            "release",
            "--root",
            str(ROOT),
            "--student",
            str(out),
        ],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert made.returncode == 0, made.stderr
    git = [
        "git",
        "-c",
        "user.name=torchkata",
        "-c",
        "user.email=torchkata@example.invalid",
        "-c",
        "init.defaultBranch=main",
        "-c",
        "commit.gpgsign=false",
    ]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "The exercises"]):
        subprocess.run([*git, *command], cwd=out, check=True, capture_output=True)
    subprocess.run(["git", "clone", "-q", str(out), str(clone)], check=True, capture_output=True)

    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PYTHONDONTWRITEBYTECODE")} | {
        "PYTHONPATH": str(clone)
    }
    where = subprocess.run(
        [sys.executable, "-c", "import graders; print(graders.__file__)"],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()) == clone / "graders" / "__init__.py"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "exercises/", "-q", "-p", "no:cacheprovider"],
        check=False,
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 1, run.stdout[-3000:] + run.stderr[-3000:]
    assert re.search(rf"^{CHECKS} failed checks", run.stdout, re.MULTILINE), run.stdout[-3000:]
    assert run.stdout.count("checks not implemented yet") == len(
        catalog.EXERCISES
    )  # one line per exercise
    assert re.search(r"^total\s+0/\d+$", run.stdout, re.MULTILINE)
    assert list((clone / "graders" / "frontends" / "__pycache__").glob("pytest_plugin.*.pyc")), (
        "the run did not import the clone's graders"
    )


def release_cli(*args: str) -> int:
    return cli.main(["release", "--root", str(ROOT), *args])


def test_student_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(SystemExit) as exited:
        release_cli("--student", str(tmp_path))
    assert exited.value.code == 2 and "not an empty folder" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    with pytest.raises(errors.ReleaseError, match="not empty"):
        release.student_repository(ROOT, tmp_path)


def test_student_and_check_do_not_go_together(tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        release_cli("--check", "--student", str(tmp_path / "new"))
    assert exited.value.code == 2 and "not allowed with" in capsys.readouterr().err
    assert not (tmp_path / "new").exists()
