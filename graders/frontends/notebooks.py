"""The checks inside a student's notebook: `torchkata.assert_check(exercise, name)` and
`summary()`.

The notebooks (written by graders.instructor.notebook_writer at `torchkata release`) load this
module in their locked setup cell as `torchkata`, and each locked test cell calls `assert_check`. It
runs one check on the notebook's own definitions through the service every front end shares
(graders.grading.service), in grading mode (the examples `torchkata grade` replays, so both give the
same verdicts): the student's code in a worker forked from the kernel (its definitions as they are
now), with the same time and memory limits as pytest, and nothing it prints reaching the notebook. A
tick when the check passes; CheckFailed with its message when it does not, shown by IPython without
the grader's stack trace. Warnings during the check are summed up on stdout, because nbgrader gives
a test cell 0 points as soon as anything reaches stderr. Because a student's kernel can tamper with
its own test cells, `torchkata grade` also accepts notebooks: graders.isolation.notebook_reader
turns one back into modules for the isolated engine.
"""

from __future__ import annotations

import contextlib
import io
import sys
import warnings

from graders import catalog, modes
from graders.checks.scoring import checks_of, score_table
from graders.errors import CheckFailed
from graders.grading import service
from graders.isolation import launch
from graders.results import CheckResult, message, points_text

RESULTS: dict[str, dict[str, CheckResult]] = {}


def assert_check(exercise: str, name: str, namespace: dict | None = None) -> None:
    """Run check `name` of `exercise` on the calling notebook's definitions (or `namespace`):
    print a tick when it passes, raise CheckFailed with its message when it does not."""
    import torch

    namespace = sys._getframe(1).f_globals if namespace is None else namespace
    found = {c.name: c for c in checks_of(catalog.grader(exercise))}
    if name not in found:
        raise CheckFailed(f"{exercise} has no check named {name!r}: regenerate this notebook")
    chk = found[name]
    session = service.Session(grading=True, seed=modes.course_seed())
    runner = service.Runner(
        exercise, lambda: launch.start(exercise, namespace, quiet=True), session
    )
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # as the engine and the pytest plugin: reproducible sums
    try:
        with _quiet() as noise:
            failed = service.load(runner)
            result = (
                service.lost(chk, exercise, failed)
                if failed is not None
                else service.run_check(chk, runner)
            )
    finally:
        runner.close()
        torch.set_num_threads(threads)
    RESULTS.setdefault(exercise, {})[name] = result
    if noise:
        more = f" (and {len(noise) - 1} more)" if len(noise) > 1 else ""
        print(f"Note: during this check the grader {noise[0]}{more}. It costs no points.")
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
    """Catch warnings, and what is written to sys.stderr, while a check's judges run in the
    kernel (the submission's own output never reaches it: its worker writes to /dev/null); yield
    a list that then names what was caught."""
    noise: list[str] = []
    with (
        warnings.catch_warnings(record=True) as caught,
        contextlib.redirect_stderr(io.StringIO()) as text,
    ):
        warnings.simplefilter("always")
        try:
            yield noise
        finally:
            said = [
                f"warned {w.category.__name__}: {(str(w.message).splitlines() or [''])[0]}"
                for w in caught
            ]
            if text.getvalue().strip():
                said.append(f"wrote to stderr: {text.getvalue().strip().splitlines()[0][:200]}")
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
