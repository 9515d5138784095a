"""Make the student version from solutions/: `torchkata release`.

For every exercise of the catalogue, solutions/<assignment>/<module>.py (the reference, with
nbgrader's `### BEGIN SOLUTION` / `### END SOLUTION` around what a student writes) becomes
exercises/<assignment>/<module>.py, each solution region replaced by a
`raise NotImplementedError(...)` that names the function to write; everything else (imports,
docstrings, signatures, the `# TODO:` line above each region) stays. The thin test file
exercises/<assignment>/test_<module>.py is written beside it, and solutions/<assignment>/__init__.py
(the assignment's introduction) is copied. The nbgrader course gets one notebook per assignment,
assignments/source/<assignment>/<assignment>.ipynb (see graders.notebooks).
"""

from __future__ import annotations

import re
from pathlib import Path

from graders import notebooks
from graders.catalog import ASSIGNMENTS

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
DEFINITION = re.compile(r"^(\s*)(?:async\s+)?(?:def|class)\s+(\w+)")

TEST_FILE = '''"""Checks for {module}.py. Run them:  pytest exercises/{assignment}/test_{module}.py"""

from graders.{assignment} import {module}
from graders.pytest_plugin import checks_as_tests

test_{module} = checks_as_tests({module})
'''


class ReleaseError(Exception):
    pass


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
            out.append(f'{indent}raise NotImplementedError("{name}: replace this line with your code")')
        elif marker == END:
            if not inside:
                raise ReleaseError(f"{where}:{number}: {END} without {BEGIN}")
            inside = None
        elif not inside:
            out.append(line)
    if inside:
        raise ReleaseError(f"{where}:{inside}: {BEGIN} is never closed")
    return "\n".join(out) + "\n"


def planned(root: Path) -> dict[Path, str]:
    """Every file of exercises/ and assignments/source/ that the release writes, with its
    contents."""
    files = {}
    for assignment, modules in ASSIGNMENTS.items():
        folder = root / "exercises" / assignment
        init = root / "solutions" / assignment / "__init__.py"
        files[folder / "__init__.py"] = stub(init.read_text(), str(init)) if init.is_file() else ""
        notebook = root / "assignments" / "source" / assignment / f"{assignment}.ipynb"
        files[notebook] = notebooks.dumps(notebooks.build(root, assignment))
        for module in modules:
            solution = root / "solutions" / assignment / f"{module}.py"
            if not solution.is_file():
                raise ReleaseError(f"{solution} is missing: every exercise needs its solution")
            files[folder / f"{module}.py"] = stub(solution.read_text(), str(solution))
            files[folder / f"test_{module}.py"] = TEST_FILE.format(assignment=assignment, module=module)
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
