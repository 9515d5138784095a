"""Make the student version from solutions/: `torchkata release`.

For every exercise of the catalogue, solutions/<assignment>/<module>.py (the reference, with
nbgrader's `### BEGIN SOLUTION` / `### END SOLUTION` around what a student writes) becomes
exercises/<assignment>/<module>.py, each solution region replaced by a
`raise NotImplementedError(...)` that names the function to write; everything else (imports,
docstrings, signatures, the `# TODO:` line above each region) stays. The thin test file
exercises/<assignment>/test_<module>.py is written beside it, and solutions/<assignment>/__init__.py
(the assignment's introduction) is copied. The nbgrader course gets one notebook per assignment,
assignments/source/<assignment>/<assignment>.ipynb (see graders.frontends.notebooks);
docs/graders.md lists every check, and templates/github-classroom/classroom.yml gets one step per
exercise.

`torchkata release --student DIR` writes a repository for students (the template repository of
a GitHub Classroom assignment, say): exercises/, one notebook per assignment with its solution
cells stubbed, the graders, the set-up files and a README; nothing of solutions/ or tests/.

`torchkata release --dist DIR` builds the course's wheel and sdist of the kit into DIR, with
constraints.txt beside them: what a course hosts (a GitHub release, a course web page, a
private index) for the places that have no checkout of the kit (a JupyterHub kernel, a
Gradescope image, a student's laptop). Their dependencies are pinned to constraints.txt's
versions, so that every install grades with the examples the course was tested with.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from graders import catalog
from graders.catalog import ASSIGNMENTS
from graders.checks.scoring import checks_of, points
from graders.errors import ReleaseError
from graders.instructor import notebook_writer
from graders.results import points_text

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
DEFINITION = re.compile(r"^(\s*)(?:async\s+)?(?:def|class)\s+(\w+)")

TEST_FILE = (
    '"""Checks for {module}.py. Run them:  pytest exercises/{assignment}/test_{module}.py"""\n'
    """
from graders.checks.{assignment} import {module}
from graders.frontends.pytest_plugin import checks_as_tests

test_{module} = checks_as_tests({module})
"""
)

STUDENT_GITIGNORE = """.venv/
__pycache__/
*.egg-info/
.hypothesis/
.pytest_cache/
.ipynb_checkpoints/
"""

STUDENT_README = (
    """# PyTorch exercises

Auto-graded exercises on the fundamentals of PyTorch: backprop by hand, autograd, dynamic
graphs, custom `nn.Module`s, losses, optimizers, schedules and checkpoints. You fill in stubs;
the checks in `graders/`, built on [hypothesis](https://hypothesis.readthedocs.io), draw
shapes, dtypes and values, compare every answer with **torch itself**, and tell you which
property failed, on the smallest input that shows it, with a hint.

## Quickstart

Python 3.10 or newer. From a fresh clone of this repository:

```bash
# 1. set up, then check every exercise, with a score table (it totals 0 until you fill the stubs in)
"""
    "python3 -m venv .venv && .venv/bin/pip install -q -c constraints.txt -e . && "
    ".venv/bin/pytest exercises/"
    """

# 2. set up, then check only the exercise you are working on (here the first one)
"""
    "python3 -m venv .venv && .venv/bin/pip install -q -c constraints.txt -e . && "
    ".venv/bin/pytest exercises/{first}"
    """
```

Both exit with status 1 while any check fails, as pytest does; on a fresh clone every check
says "not implemented yet". `constraints.txt` pins the versions the checks are graded with.

## The exercises

The work is in `exercises/`, one folder per assignment, one file per exercise:

{table}

Each file opens with an introduction to its idea and a worked example you can run; each
function's docstring says exactly what it must do; a `# TODO:` line says where to start.
Replace the `raise NotImplementedError(...)` line with your code, then run the checks:

```bash
"""
    ".venv/bin/torchkata watch                                     # re-checks an exercise "
    "each time you save it (Ctrl-C quits)"
    """
.venv/bin/pytest exercises/                                   # everything, with a score table
.venv/bin/pytest exercises/a1_backprop/test_manual_backprop.py # one exercise (exit 0 = all passed)
.venv/bin/pytest exercises/a1_backprop/ -k backward            # only the checks named *backward*
```

`torchkata watch` keeps torch and the checks loaded and checks the exercise you saved again
within a second or so: the failure to fix first, your progress, and what to open next. Its
verdicts are those of `pytest exercises/`. Each lost point is printed once; the score table
comes last and ends with what to fix first (when one mistake breaks several checks, the others
say which to fix first). A check that runs longer than 10 s is stopped.

A failed check reads like this:

```
"""
    "backward(x, y, w1, w2) returns the gradients autograd finds for sse_loss(forward(x, "
    "w1, w2), y) (any subgradient in [0, 1] where x @ w1 is exactly 0)."
    """
What went wrong: grad_w2 differs from torch's answer.
Expected tensor of shape (3, 1), float32: [0, 96, 80]
Got      tensor of shape (3, 1), float32: [0, 48, 40]
Largest difference 48 at index (1, 0): expected 96, got 48 (allowed 0.0096 for float32).
Smallest failing example: N=1, D_in=2, H=3, D_out=1, float32, grid values
"""
    "    x = tensor of shape (1, 2), float32: [2, -2]; y = tensor of shape (1, 1), float32: "
    "[-1]; w1 = ...\n"
    "Hint: The loss is a sum of squares, so grad_pred = 2 * (pred - y); the ReLU's "
    "derivative is a mask of where x @ w1 is positive; grad_w2 = hidden.T @ grad_pred."
    """
```

Each run draws new examples; hypothesis keeps the failing ones in `.hypothesis/` and tries
them first next time. `graders/` holds the checks: your grade is computed with your
instructor's copy of them, so editing yours changes only what you see.

## Notebooks

"""
    "The same exercises come as one notebook per assignment, "
    "`assignments/<assignment>/<assignment>.ipynb`"
    """
(open them with `.venv/bin/pip install -q -c constraints.txt jupyterlab && .venv/bin/jupyter lab`):
the same introductions, a cell for your code per exercise, and after it one cell per check that
prints a tick or the same feedback as above. Run the setup cell first, and run your code's cell
again after each change before its checks. Your instructor says which you hand in: the files
in `exercises/` or the notebooks.
"""
)


def _enclosing(lines: list[str], index: int) -> str:
    """'DynamicNet.forward' for a marker inside DynamicNet.forward."""
    names, indent = [], len(lines[index]) - len(lines[index].lstrip())
    for line in reversed(lines[:index]):
        match = DEFINITION.match(line)
        if match and len(match.group(1)) < indent:
            names.append(match.group(2))
            indent = len(match.group(1))
    return ".".join(reversed(names)) or "this part"


def stub(source: str, where: str) -> str:
    """The student's version of one solution file."""
    lines, out, inside = source.splitlines(), [], None
    for number, line in enumerate(lines, 1):
        marker = line.strip()
        if marker == BEGIN:
            if inside:
                raise ReleaseError(f"{where}:{number}: {BEGIN} inside another solution region")
            inside = number
            indent = line[: len(line) - len(line.lstrip())]
            name = _enclosing(lines, number - 1)
            out.append(
                f'{indent}raise NotImplementedError("{name}: replace this line with your code")'
            )
        elif marker == END:
            if not inside:
                raise ReleaseError(f"{where}:{number}: {END} without {BEGIN}")
            inside = None
        elif not inside:
            out.append(line)
    if inside:
        raise ReleaseError(f"{where}:{inside}: {BEGIN} is never closed")
    return "\n".join(out) + "\n"


def graders_page() -> str:
    """docs/graders.md: what every grader establishes, written from the checks themselves (their
    sentences and points), so that the documentation cannot drift from the graders."""
    lines = [
        "# What the graders establish",
        "",
        (
            "Written by `torchkata release` from the checks' docstrings (the sentence a student "
            "reads when a"
        ),
        (
            "check fails); `torchkata release --check` fails when this page is out of date. "
            "Each check is"
        ),
        "worth its points when it holds on every example it is tried on: its corners, then drawn",
        "examples (docs/architecture.md).",
    ]
    for exercise in catalog.EXERCISES:
        checks = checks_of(catalog.grader(exercise))
        record = catalog.record(exercise)
        contract = ", ".join(
            f"`{name}` ({text.kind}{f' deriving from {text.base}' if text.base else ''}"
            f"{f' -> {text.returns}' if text.returns else ''})"
            for name, text in record.contract.items()
        )
        builds_on = ", ".join(record.builds_on)
        lines += [
            "",
            f"## {exercise} ({points_text(sum(c.points for c in checks))})",
            "",
            f"Contract (graders/curriculum.toml): {contract}."
            + (f" Builds on {builds_on}." if builds_on else ""),
            "",
            "| check | points | property |",
            "|---|---|---|",
        ]
        lines += [
            f"| `{c.name}` | {c.points} | {c.sentence.replace('|', '&#124;')} |" for c in checks
        ]
    return "\n".join(lines) + "\n"


CLASSROOM = Path("templates", "github-classroom", "classroom.yml")
CLASSROOM_STEPS = "      # Written by `torchkata release`: one step per exercise.\n"


def classroom_workflow(current: str) -> str:
    """templates/github-classroom/classroom.yml, from its `current` text: its head as it is (the
    course's URL and tag go there), then one step per exercise of the catalogue, worth the
    exercise's points, and the reporter that sums them."""
    if CLASSROOM_STEPS not in current:
        raise ReleaseError(f"{CLASSROOM} has lost its line {CLASSROOM_STEPS.strip()!r}")
    lines = [current[: current.index(CLASSROOM_STEPS) + len(CLASSROOM_STEPS)].rstrip("\n")]
    ids = []
    for exercise in catalog.EXERCISES:
        step = exercise.split("/")[1].replace("_", "-")
        ids.append(step)
        lines += [
            f"      - name: {exercise}",
            f"        id: {step}",
            "        uses: classroom-resources/autograding-command-grader@v1",
            "        with:",
            f"          test-name: {exercise}",
            f"          command: torchkata grade exercises --only {exercise} --fail-under 100",
            "          timeout: 10",
            f"          max-score: {points(exercise)}",
        ]
    lines += [
        "      - name: Autograding Reporter",
        "        uses: classroom-resources/autograding-grading-reporter@v1",
        "        env:",
    ]
    for step in ids:
        result = "${{steps." + step + ".outputs.result}}"
        lines.append(f'          {step.replace("-", "_").upper()}_RESULTS: "{result}"')
    lines += ["        with:", f"          runners: {','.join(ids)}"]
    return "\n".join(lines) + "\n"


def planned(root: Path) -> dict[Path, str]:
    """Every file of exercises/, assignments/source/ and docs/graders.md that the release writes,
    with its contents."""
    files = {root / "docs" / "graders.md": graders_page()}
    if (root / CLASSROOM).is_file():  # a checkout of the kit has it; a course's copy may not
        files[root / CLASSROOM] = classroom_workflow((root / CLASSROOM).read_text())
    for assignment, modules in ASSIGNMENTS.items():
        folder = root / "exercises" / assignment
        init = root / "solutions" / assignment / "__init__.py"
        files[folder / "__init__.py"] = stub(init.read_text(), str(init)) if init.is_file() else ""
        notebook = root / "assignments" / "source" / assignment / f"{assignment}.ipynb"
        files[notebook] = notebook_writer.dumps(notebook_writer.build(root, assignment))
        for module in modules:
            solution = root / "solutions" / assignment / f"{module}.py"
            if not solution.is_file():
                raise ReleaseError(f"{solution} is missing: every exercise needs its solution")
            files[folder / f"{module}.py"] = stub(solution.read_text(), str(solution))
            files[folder / f"test_{module}.py"] = TEST_FILE.format(
                assignment=assignment, module=module
            )
    return files


def stale(root: Path) -> list[Path]:
    """Files that differ from what the release would write."""
    return [p for p, text in planned(root).items() if not p.is_file() or p.read_text() != text]


def release(root: Path) -> list[Path]:
    """Write exercises/ and the notebooks from solutions/; return the files that changed."""
    changed = stale(root)
    for path, text in planned(root).items():
        if path in changed:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    return changed


def _to_write(source: str) -> list[str]:
    """What a student writes in a solution file: the functions holding a solution region."""
    lines = source.splitlines()
    return list(
        dict.fromkeys(_enclosing(lines, i) for i, line in enumerate(lines) if line.strip() == BEGIN)
    )


def student_readme(root: Path) -> str:
    """The student repository's README, its table of exercises from the catalogue."""
    rows = ["| assignment | exercise | about | what you write | points |", "|---|---|---|---|---|"]
    for exercise in catalog.EXERCISES:
        source = (root / "solutions" / f"{exercise}.py").read_text()
        about = (
            (ast.get_docstring(ast.parse(source)) or "")
            .partition("\n")[0]
            .partition(": ")[2]
            .rstrip(".")
        )
        names = ", ".join(f"`{name}`" for name in _to_write(source))
        worth = points(exercise)
        assignment, module = exercise.split("/")
        rows.append(f"| {assignment} | `{module}.py` | {about} | {names} | {worth} |")
    first = catalog.EXERCISES[0].replace("/", "/test_") + ".py"
    return STUDENT_README.format(table="\n".join(rows), first=first)


def student_notebook(text: str, where: str) -> str:
    """A notebook of the release (JSON text) with each solution cell's regions stubbed."""
    notebook = json.loads(text)
    for cell in notebook["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("solution"):
            code = stub("".join(cell["source"]), f"{where}, cell {cell['id']}")
            cell["source"] = code.rstrip("\n").splitlines(keepends=True)
    return notebook_writer.dumps(notebook)


def student_repository(root: Path, out: Path) -> list[Path]:
    """Write a repository for students into `out`, a new or empty folder, and return its files:
    exercises/ as the release writes it, assignments/<assignment>/<assignment>.ipynb (solution
    cells stubbed), graders/, the set-up files and a README. No solutions, tests or templates."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ReleaseError(f"{out} is not empty: pass a new or empty folder")
    files = {}
    for path, text in planned(root).items():
        relative = path.relative_to(root)
        if relative.parts[0] == "exercises":
            files[out / relative] = text
        elif (
            relative.suffix == ".ipynb"
        ):  # the course's notebook, whose solution cells hold the solutions
            files[out / "assignments" / relative.parent.name / relative.name] = student_notebook(
                text, str(relative)
            )
    for name in ("pyproject.toml", "constraints.txt", "conftest.py"):
        files[out / name] = (root / name).read_text()
    files[out / ".gitignore"] = STUDENT_GITIGNORE
    files[out / "README.md"] = student_readme(root)
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    shutil.copytree(root / "graders", out / "graders", ignore=shutil.ignore_patterns("__pycache__"))
    return sorted([*files, *(p for p in (out / "graders").rglob("*") if p.is_file())])


# --- the course's wheel and sdist ------------------------------------------------------------

SHIPPED = ("pyproject.toml", "README.md", "graders")  # what the wheel is built from


def pins(constraints: str) -> dict[str, str]:
    """{canonical name: version} of every `name==version` line of a constraints file."""
    from packaging.utils import canonicalize_name

    found = {}
    for line in constraints.splitlines():
        name, sep, version = line.partition("#")[0].strip().partition("==")
        if sep:
            found[canonicalize_name(name)] = version.strip()
    return found


def pinned_pyproject(text: str, versions: dict[str, str]) -> str:
    """pyproject.toml with each requirement of the kit and of its extras that has a version
    range pinned to the constraints' version: "torch>=2.3" becomes "torch==2.13.0", an
    environment marker kept. Nothing else changes."""
    try:
        import tomllib
    except ImportError:  # Python 3.10
        raise ReleaseError("building the wheel needs Python 3.11 or later (tomllib)") from None
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    project = tomllib.loads(text)["project"]
    wanted = [*project.get("dependencies", [])]
    for extra in project.get("optional-dependencies", {}).values():
        wanted.extend(extra)
    for line in wanted:
        requirement = Requirement(line)
        version = versions.get(canonicalize_name(requirement.name))
        if requirement.specifier and version is not None:
            extras = f"[{','.join(sorted(requirement.extras))}]" if requirement.extras else ""
            marker = f"; {requirement.marker}".replace('"', "'") if requirement.marker else ""
            text = text.replace(f'"{line}"', f'"{requirement.name}{extras}=={version}{marker}"')
    return text


def build_dist(root: Path, out: Path) -> list[Path]:
    """Build the kit's wheel and sdist from the checkout at `root` into `out`, their
    dependencies pinned to root/constraints.txt, and copy constraints.txt beside them (the
    versions of everything else an install pulls in). Builds from a copy, with the standard
    builder (PyPA's `build`, the instructor extra): the checkout is left as it is. Returns the
    files written."""
    try:
        import build  # noqa: F401 - only to say what is missing
    except ImportError:
        raise ReleaseError(
            "building the wheel needs PyPA's build: "
            "pip install -c constraints.txt -e '.[instructor]'"
        ) from None
    constraints = (root / "constraints.txt").read_text()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "torchkata"
        source.mkdir()
        for name in SHIPPED:
            if (root / name).is_dir():
                shutil.copytree(
                    root / name, source / name, ignore=shutil.ignore_patterns("__pycache__")
                )
            elif (root / name).is_file():
                shutil.copy2(root / name, source / name)
        pyproject = source / "pyproject.toml"
        pyproject.write_text(pinned_pyproject(pyproject.read_text(), pins(constraints)))
        built = Path(tmp) / "dist"
        done = subprocess.run(
            [sys.executable, "-m", "build", "--outdir", str(built), str(source)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise ReleaseError(f"the build failed:\n{(done.stdout + done.stderr)[-2000:]}")
        written = []
        for path in sorted(built.iterdir()):
            shutil.copy2(path, out / path.name)
            written.append(out / path.name)
    (out / "constraints.txt").write_text(constraints)
    return [*written, out / "constraints.txt"]
