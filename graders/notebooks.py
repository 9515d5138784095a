"""nbgrader notebooks: how the kit writes them, checks inside them, and reads them back.

One notebook per assignment (assignments/source/<assignment>/<assignment>.ipynb), written by
`torchkata release` from solutions/ and the graders, never by hand:

    title        the assignment's introduction (the docstring of solutions/<a>/__init__.py)
    setup        locked: `from graders import notebooks as torchkata`
    per exercise
      intro      the exercise's introduction (its solution module's docstring)
      solution   nbgrader solution cell, grade_id "<module>": the solution module's code with
                 its ### BEGIN/END SOLUTION markers (nbgrader swaps each region for a stub)
      tests      one locked nbgrader test cell per check, grade_id "<module>-<check>", worth the
                 check's points: `torchkata.check("<assignment>/<module>", "<check>")`
    summary      locked: the score table of the checks run so far

`check` runs in the student's kernel, on the notebook's own definitions, in grading mode (the
examples `torchkata grade` replays, so both give the same verdicts). A failure is raised as
CheckFailed and shown as the check's message alone, without the grader's stack trace;
warnings and stderr output during a check are caught and summed up on stdout, because nbgrader
gives a test cell 0 points as soon as anything reaches stderr.

Because a student's kernel can tamper with its own test cells, `torchkata grade` also accepts
notebooks: graders.notebook_reader turns one back into modules for the isolated engine.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import io
import json
import os
import sys
import tempfile
import traceback
import types
import warnings
from pathlib import Path

import torch

from graders import catalog
from graders.feedback import CheckFailed, SubmissionRaised
from graders.probe import Runner
from graders.results import CheckResult, message
from graders.scoring import checks_of, run_check, score_table

SETUP, SUMMARY = "setup", "summary"
SETUP_SOURCE = "# Run this cell first: it loads the checks (pip install torchkata).\nfrom graders import notebooks as torchkata"

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
    short = cell_id if len(cell_id) <= 64 else f"{cell_id[:55]}-{hashlib.sha1(cell_id.encode()).hexdigest()[:8]}"
    cell = {"cell_type": cell_type, "id": short, "metadata": {}, "source": source.splitlines(keepends=True)}
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
            source = f'# {_points(chk.points)}: {chk.sentence}\ntorchkata.check("{exercise}", "{chk.name}")'
            cells.append(_cell("code", source, f"{module}-{chk.name}", grade=True, locked=True, points=chk.points))
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


# --- checking inside the notebook --------------------------------------------------------


class NotebookRunner(Runner):
    """Runs probes on the definitions of the notebook (its global namespace)."""

    filename = "your notebook"

    def __init__(self, exercise: str, namespace: dict):
        module = types.ModuleType("your notebook")
        module.__dict__.update({k: v for k, v in namespace.items() if not k.startswith("__")})
        module.__getattr__ = _not_defined
        super().__init__(Path.cwd(), exercise, module=module)

    def owns(self, filename: str) -> bool:
        """A cell of the notebook (IPython names its code after the kernel's cell files)."""
        return "ipykernel_" in filename or filename.startswith("<ipython-input")

    def _where(self, error: BaseException, code: bool = True) -> str:
        """The innermost line of the notebook's own cells in the error's traceback."""
        found = self._innermost_own_frame(error)
        if found is None:
            return "in your notebook"
        frame, name = found
        return f"{name} in your notebook" + (f": {frame.line}" if code and frame.line else "")


def _not_defined(name: str):
    raise SubmissionRaised(f"{name} is not defined in this notebook: run the cell that defines it first")


RESULTS: dict[str, dict[str, CheckResult]] = {}


def check(exercise: str, name: str, namespace: dict | None = None) -> None:
    """Run check `name` of `exercise` on the calling notebook's definitions (or `namespace`):
    print a tick when it passes, raise CheckFailed with its message when it does not."""
    namespace = sys._getframe(1).f_globals if namespace is None else namespace
    found = {c.name: c for c in checks_of(catalog.grader(exercise))}
    if name not in found:
        raise CheckFailed(f"{exercise} has no check named {name!r}: regenerate this notebook")
    chk = found[name]
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # as the engine and the pytest plugin: reproducible sums
    try:
        with _quiet() as noise:
            result = run_check(chk, NotebookRunner(exercise, namespace), grading=True, exercise=exercise)
    finally:
        torch.set_num_threads(threads)
    RESULTS.setdefault(exercise, {})[name] = result
    if noise:
        more = f" (and {len(noise) - 1} more)" if len(noise) > 1 else ""
        print(f"Note: during this check your code {noise[0]}{more}. It costs no points.")
    if not result.passed:
        raise CheckFailed(f"✗ {name}: 0/{_points(chk.points)}\n{message(result)}")
    print(f"✓ {name}: {chk.points}/{_points(chk.points)}")


def _points(n: int) -> str:
    return f"{n} point{'s' * (n != 1)}"


def summary() -> None:
    """Print the points of the checks run so far in this notebook."""
    if not RESULTS:
        print("No checks have run yet: run the cells above.")
        return
    print(score_table({e: list(r.values()) for e, r in RESULTS.items()}))


@contextlib.contextmanager
def _quiet():
    """Catch warnings, and anything written to stderr (by Python or by C code, through file
    descriptor 2), while a check runs; yield a list that then names what was caught."""
    noise: list[str] = []
    sys.stderr.flush()
    with tempfile.TemporaryFile() as sink, warnings.catch_warnings(record=True) as caught, contextlib.redirect_stderr(io.StringIO()) as text:
        warnings.simplefilter("always")
        saved = os.dup(2)
        os.dup2(sink.fileno(), 2)
        try:
            yield noise
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            written = text.getvalue() + sink.read().decode(errors="replace")
            said = [f"warned {w.category.__name__}: {(str(w.message).splitlines() or [''])[0]}" for w in caught]
            if written.strip():
                said.append(f"wrote to stderr: {written.strip().splitlines()[0][:200]}")
            noise += dict.fromkeys(said)  # each different thing once


def _show_failure(shell, etype, value, tb, tb_offset=None):
    """IPython's handler for CheckFailed: the message, and none of the grader's frames (nor
    the "use %tb to see the full traceback" line that showtraceback's exception_only adds)."""
    shell._showtraceback(etype, value, shell.InteractiveTB.get_exception_only(etype, value))


def _register_with_ipython() -> None:
    if "IPython" in sys.modules:  # imported by a notebook's kernel
        shell = sys.modules["IPython"].get_ipython()
        if shell is not None:
            shell.set_custom_exc((CheckFailed,), _show_failure)


_register_with_ipython()
