"""The checks inside a student's notebook: `torchkata.check(exercise, name)` and `summary()`.

The notebooks (written by graders.notebook_writer at `torchkata release`) load this module in
their locked setup cell as `torchkata`, and each locked test cell calls `check`. It runs one check
on the notebook's own definitions, in grading mode (the examples `torchkata grade` replays, so
both give the same verdicts): a tick when it passes, CheckFailed with the check's message when it
does not, shown by IPython without the grader's stack trace. Warnings and stderr output during a
check are caught and summed up on stdout, because nbgrader gives a test cell 0 points as soon as
anything reaches stderr.

Because a student's kernel can tamper with its own test cells, `torchkata grade` also accepts
notebooks: graders.notebook_reader turns one back into modules for the isolated engine.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
import types
import warnings
from pathlib import Path

import torch

from graders import catalog
from graders.feedback import CheckFailed, SubmissionRaised
from graders.probe import Runner
from graders.results import CheckResult, message, points_text
from graders.scoring import checks_of, run_check, score_table

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
    raise SubmissionRaised(
        f"{name} is not defined in this notebook: run the cell that defines it first"
    )


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
            result = run_check(
                chk, NotebookRunner(exercise, namespace), grading=True, exercise=exercise
            )
    finally:
        torch.set_num_threads(threads)
    RESULTS.setdefault(exercise, {})[name] = result
    if noise:
        more = f" (and {len(noise) - 1} more)" if len(noise) > 1 else ""
        print(f"Note: during this check your code {noise[0]}{more}. It costs no points.")
    if not result.passed:
        raise CheckFailed(f"✗ {name}: 0/{points_text(chk.points)}\n{message(result)}")
    print(f"✓ {name}: {chk.points}/{points_text(chk.points)}")


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
    with (
        tempfile.TemporaryFile() as sink,
        warnings.catch_warnings(record=True) as caught,
        contextlib.redirect_stderr(io.StringIO()) as text,
    ):
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
            said = [
                f"warned {w.category.__name__}: {(str(w.message).splitlines() or [''])[0]}"
                for w in caught
            ]
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
