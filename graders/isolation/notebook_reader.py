"""Reading a submitted nbgrader notebook back into Python modules, for the isolated engine.

A notebook is untrusted data: it is read from bytes already capped in size
(graders.isolation.staging), its nesting is measured before it is parsed (a notebook of 100,000
nested brackets is refused, not parsed), and its shape is checked as it is read: a notebook that is
not what nbgrader writes is a NotebookError that says why, never an exception of the grader's.

An exercise's module is what the notebook's kernel has run before the exercise's first test
cell: every code cell that is the student's (any cell nbgrader does not lock: solution cells
and cells they added), in order, with IPython-only lines (%magics, !shell) commented out.
"""

from __future__ import annotations

import json
import re

from graders import catalog
from graders.catalog import NOTEBOOK_CELL
from graders.errors import NotebookError

MAX_DEPTH = 64  # nbformat needs about 6
MAX_CELLS = 5000
_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def nesting(data: bytes) -> int:
    """How deeply the JSON document's brackets nest (strings skipped), without parsing it."""
    depth = deepest = 0
    for token in _TOKENS.finditer(data):
        char = token.group()
        if char in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        elif char in (b"]", b"}"):
            depth -= 1
    return deepest


def exercise_sources(data: bytes, name: str) -> dict[str, str]:
    """{exercise: Python source} for the exercises whose solution cell (grade_id "<module>")
    the notebook holds. Raises NotebookError, saying why, for anything but a readable notebook."""
    if nesting(data) > MAX_DEPTH:
        raise NotebookError(
            f"is not a notebook that can be read (its JSON nests more than {MAX_DEPTH} deep)"
        )
    try:
        document = json.loads(data.decode("utf-8"))
    except (
        ValueError,
        RecursionError,
    ) as e:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise NotebookError(
            f"is not a notebook that can be read ({type(e).__name__}: {str(e)[:200]})"
        ) from None
    cells = document.get("cells") if isinstance(document, dict) else None
    if not isinstance(cells, list) or len(cells) > MAX_CELLS:
        raise NotebookError("is not a notebook that can be read (no list of cells)")
    return _exercise_sources(cells, name)


def _text(source) -> str:
    if isinstance(source, str):
        return source
    if isinstance(source, list) and all(isinstance(line, str) for line in source):
        return "".join(source)
    raise NotebookError("is not a notebook that can be read (a cell's source is not text)")


def _plain_python(code: str) -> str:
    """IPython-only lines (%magics, !shell) become comments, so the cell imports as Python."""
    return "\n".join(
        f"# (IPython only) {line}" if line.lstrip().startswith(("%", "!")) else line
        for line in code.splitlines()
    )


def _exercise_sources(cells: list, notebook: str) -> dict[str, str]:
    modules = {m: f"{a}/{m}" for a, names in catalog.ASSIGNMENTS.items() for m in names}
    student: list[str] = []
    ends: dict[str, int | None] = {}  # exercise -> how many of the student's cells its module holds
    for number, cell in enumerate(cells, 1):
        if (
            not isinstance(cell, dict)
            or not isinstance(cell.get("cell_type"), str)
            or (cell["cell_type"] == "code" and "source" not in cell)
        ):
            raise NotebookError(
                "is not a notebook that can be read "
                f"(cell {number} is not a cell with a type and a source)"
            )
        if cell["cell_type"] != "code":
            continue
        metadata = cell.get("metadata")
        meta = metadata.get("nbgrader") if isinstance(metadata, dict) else None
        meta = meta if isinstance(meta, dict) else {}
        grade_id = str(meta.get("grade_id", ""))[:200]
        exercise = modules.get(grade_id.split("-")[0])
        if meta.get("locked") and not meta.get("solution"):  # the kit's: setup, tests, summary
            if exercise in ends and ends[exercise] is None:
                ends[exercise] = len(student)
            continue
        name = (
            f"the solution cell {grade_id}"
            if meta.get("solution") and grade_id
            else f"cell {number}"
        )
        student.append(
            f"{NOTEBOOK_CELL}{name} of {notebook}\n{_plain_python(_text(cell['source']))}"
        )
        if meta.get("solution") and grade_id in modules:
            ends.setdefault(modules[grade_id], None)
    return {
        e: "\n\n".join(student[: len(student) if n is None else n]) + "\n" for e, n in ends.items()
    }


def solution_cell(source: str, module: str) -> str:
    """Of an exercise's module read from a notebook (every cell of the student's before its
    first test, as its kernel ran them), the exercise's own solution cell alone, by the header
    _exercise_sources gives each cell (what similarity compares)."""
    return "\n\n".join(
        part
        for part in source.split(NOTEBOOK_CELL)
        if part.startswith((f"the solution cell {module} ", f"the solution cell {module}-"))
    )
