"""Writing the nbgrader notebooks, one per assignment, at `torchkata release`.

assignments/source/<assignment>/<assignment>.ipynb is written from solutions/ and the graders,
never by hand:

    title        the assignment's introduction (the docstring of solutions/<a>/__init__.py)
    setup        locked: `from graders.frontends import notebooks as torchkata` (the runtime,
                 graders.frontends.notebooks)
    per exercise
      intro      the exercise's introduction (its solution module's docstring)
      solution   nbgrader solution cell, grade_id "<module>": the solution module's code with
                 its ### BEGIN/END SOLUTION markers (nbgrader swaps each region for a stub)
      tests      one locked nbgrader test cell per check, grade_id "<module>-<check>", worth the
                 check's points: `torchkata.assert_check("<assignment>/<module>", "<check>")`
    summary      locked: the score table of the checks run so far
"""

from __future__ import annotations

import ast
import hashlib
import json
from pathlib import Path

from graders import catalog
from graders.checks.scoring import checks_of
from graders.results import points_text

SETUP, SUMMARY = "setup", "summary"
SETUP_SOURCE = (
    "# Run this cell first: it loads the checks. The kernel needs the course's torchkata\n"
    "# (pip install the wheel your instructor hosts: torchkata-<version>-py3-none-any.whl).\n"
    "from graders.frontends import notebooks as torchkata"
)

# --- writing a notebook ------------------------------------------------------------------


def _docstring_and_code(source: str, where: str) -> tuple[str, list[str]]:
    """A solution module's docstring, and its lines without the docstring and without imports
    of sibling modules (`from .manual_backprop import forward`: in the notebook, the earlier
    exercise's cell has already defined those names)."""
    tree = ast.parse(source, where)
    lines = source.splitlines()
    drop = set()
    docstring = ast.get_docstring(tree, clean=True) or ""
    body = tree.body
    if docstring:
        drop.update(range(body[0].lineno - 1, body[0].end_lineno))
    for node in body:
        if isinstance(node, ast.ImportFrom) and (node.level > 0 or node.module == "__future__"):
            drop.update(range(node.lineno - 1, node.end_lineno))
    kept = [line for number, line in enumerate(lines) if number not in drop]
    while kept and not kept[0].strip():
        kept.pop(0)
    return docstring, kept


def markdown(docstring: str, heading: str) -> str:
    """An introduction for the notebook: 'a1_backprop / sgd: an optimizer.' becomes a heading
    ('## sgd: an optimizer.'); the 'Run the checks:' paragraph (for pytest users) is left out."""
    first, _, rest = docstring.partition("\n")
    title = first.split(" / ", 1)[-1]
    paragraphs = [p for p in rest.strip().split("\n\n") if not p.startswith("Run the checks:")]
    return "\n\n".join([f"{heading} {title}", *paragraphs]).strip() + "\n"


def _cell(cell_type: str, source: str, cell_id: str, **nbgrader) -> dict:
    """A notebook cell; with nbgrader flags, an nbgrader cell whose grade_id is its id."""
    short = (
        cell_id
        if len(cell_id) <= 64
        else f"{cell_id[:55]}-{hashlib.sha1(cell_id.encode()).hexdigest()[:8]}"
    )
    cell = {
        "cell_type": cell_type,
        "id": short,
        "metadata": {},
        "source": source.splitlines(keepends=True),
    }
    if nbgrader:  # nbformat allows 64 characters in a cell id, nbgrader any number in a grade_id
        flags = {"grade": False, "locked": False, "solution": False, **nbgrader}
        cell["metadata"]["nbgrader"] = {"grade_id": cell_id, "schema_version": 3, **flags}
    if cell_type == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def build(root: Path, assignment: str) -> dict:
    """The notebook of `assignment`, from root/solutions and the graders (nbformat 4.5)."""
    init = root / "solutions" / assignment / "__init__.py"
    title, _ = _docstring_and_code(init.read_text() if init.is_file() else "", str(init))
    cells = [
        _cell("markdown", markdown(title or assignment, "#"), f"{assignment}-intro"),
        _cell("code", SETUP_SOURCE, SETUP, locked=True),
    ]
    for module in catalog.ASSIGNMENTS[assignment]:
        exercise = f"{assignment}/{module}"
        path = root / "solutions" / f"{exercise}.py"
        docstring, code = _docstring_and_code(path.read_text(), str(path))
        cells.append(_cell("markdown", markdown(docstring, "##"), f"{module}-intro"))
        cells.append(_cell("code", "\n".join(code), module, solution=True))
        for chk in checks_of(catalog.grader(exercise)):
            source = (
                f"# {points_text(chk.points)}: {chk.sentence}\n"
                f'torchkata.assert_check("{exercise}", "{chk.name}")'
            )
            cells.append(
                _cell(
                    "code",
                    source,
                    f"{module}-{chk.name}",
                    grade=True,
                    locked=True,
                    points=chk.points,
                )
            )
    cells.append(_cell("code", "torchkata.summary()", SUMMARY, locked=True))
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def dumps(notebook: dict) -> str:
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
