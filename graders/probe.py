"""The one door between a grader and a submission.

A *probe* is a small function in a grader module, `probe(module, *args)`, that calls the
submission's code on given inputs and returns plain data: tensors, numbers, strings, None, and
lists, tuples and dicts of them. A *judge* (a check) draws the inputs, asks a Runner to run the
probe, and compares what comes back with torch's reference. Judges never touch the submission's
objects, only the plain data a probe returns, so a later engine can run probes in another,
sandboxed process and hand back the same data. Here (student mode) the Runner runs them in
this process.
"""

from __future__ import annotations

import importlib
import itertools
import sys
import traceback
import types
from contextlib import contextmanager
from importlib.machinery import ModuleSpec
from pathlib import Path

import torch
from torch.autograd.variable import Variable

from graders import plain, screen
from graders.feedback import IntegrityFlag, NotImplementedYet, SubmissionRaised
from graders.plain import Opaque, is_record  # noqa: F401 - part of the door's vocabulary
from graders.strategies import seed_torch

_packages = itertools.count()


def to_plain(value, records: bool = False):
    """A copy of `value` made of plain data only (graders.plain); the submission keeps no
    handle on it."""
    try:
        return plain.copy(value, records)
    except plain.PlainDataError as error:
        raise SubmissionRaised(f"your code returned more than the grader accepts: {error}") from None


def _first_line(text: str, limit: int = 200) -> str:
    line = str(text).strip().splitlines()[0] if str(text).strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _named(error: BaseException) -> str:
    """'ValueError: bad shape', or just 'MemoryError' when the error says nothing more."""
    try:
        text = _first_line(error)
    except Exception:  # noqa: BLE001 - an exception whose str() raises says nothing more
        text = ""
    name = _first_line(type(error).__name__, 80)
    return f"{name}: {text}" if text else name


class Runner:
    """Runs probes against one implementation (a folder shaped like exercises/) of one exercise."""

    def __init__(self, root: Path | str, exercise: str, device: str = "cpu", module=None, screened: bool = False):
        self.root = Path(root).resolve()
        self.exercise = exercise  # "a1_backprop/manual_backprop"
        self.device = torch.device(device)
        self._module = module  # given: the definitions of a notebook (graders.notebooks)
        self.screened = screened  # the engine screens the source itself, before a worker starts

    @property
    def filename(self) -> str:
        return f"{self.exercise}.py"

    def module(self):
        """The submission's module, imported once per Runner as part of a private package, so
        that its relative imports (`from .manual_backprop import forward`) find its siblings."""
        if self._module is None:
            path = self.root / self.filename
            if not path.is_file():
                raise SubmissionRaised(f"{self.filename} is missing from {self.root}.")
            if not self.screened:
                self._screen()
            package = f"_torchkata_submission_{next(_packages)}"
            root = types.ModuleType(package)
            root.__path__ = [str(self.root)]
            root.__spec__ = ModuleSpec(package, None, is_package=True)
            root.__spec__.submodule_search_locations = root.__path__
            sys.modules[package] = root
            try:
                self._module = importlib.import_module(f"{package}.{self.exercise.replace('/', '.')}")
            except NotImplementedError as e:
                raise NotImplementedYet(self._where(e, code=False)) from None
            except BaseException as e:  # a submission may raise anything at import, SystemExit too
                raise SubmissionRaised(
                    f"{self.filename} could not be imported: {_named(e)}",
                    detail=self._where(e),
                ) from None
        return self._module

    def _screen(self) -> None:
        """The source screen (graders.screen) on the exercise's module and what it imports."""
        modules = {}
        for path in sorted(self.root.rglob("*.py"))[:500]:
            try:
                modules[path.relative_to(self.root).as_posix()] = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
        found = screen.exercise_findings(modules, self.exercise)
        if found:
            raise IntegrityFlag([str(f) for f in found])

    def run(self, probe, *args):
        """Run `probe(module, *args)` and return its plain-data result.

        Arguments are copied on the way in and results on the way out. torch's RNG is seeded
        before every call, so a submission that draws random numbers is still deterministic.
        """
        return to_plain(self.call(probe, *to_plain(args, records=True)))

    def call(self, probe, *args):
        """`run` without the copies, for a caller that makes its own (the worker, whose
        arguments arrive as fresh copies and whose results leave as bytes)."""
        module = self.module()
        seed_torch(0)
        try:
            return probe(module, *args)
        except NotImplementedError as e:
            raise NotImplementedYet(self._where(e, code=False)) from None
        except Exception as e:
            raise SubmissionRaised(f"your code raised {_named(e)}", detail=self._where(e)) from None

    def _where(self, error: BaseException, code: bool = True) -> str:
        """The innermost line of the submission's own files in the error's traceback."""
        frames = traceback.extract_tb(error.__traceback__)
        if isinstance(error, SyntaxError) and error.filename:
            frames.append(traceback.FrameSummary(error.filename, error.lineno or 0, "<module>"))
        for frame in reversed(frames):
            path = Path(frame.filename).resolve()
            if path.is_relative_to(self.root):
                place = _place(path, path.relative_to(self.root).as_posix(), frame.lineno or 0)
                if not code:
                    return f"{frame.name} in {place}"
                where = f"{place}, in {frame.name}"
                return f"{where}: {_first_line(frame.line)}" if frame.line else where
        return f"in {self.filename}"


# A module staged from a notebook (graders.notebooks) opens each cell with this comment and
# the cell's name, so that a line can be told as the student sees it: in which cell, which line.
NOTEBOOK_CELL = "# notebook: "


def _place(path: Path, name: str, lineno: int) -> str:
    """'a1_backprop/manual_backprop.py, line 12', or in a module staged from a notebook
    'the solution cell manual_backprop of a1_backprop.ipynb, line 3'."""
    try:
        lines = path.read_text().splitlines()[:lineno]
    except (OSError, UnicodeDecodeError):
        lines = []
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].startswith(NOTEBOOK_CELL):
            return f"{lines[index].removeprefix(NOTEBOOK_CELL)}, line {lineno - index - 1}"
    return f"{name}, line {lineno}"


class AutogradNotAllowed(RuntimeError):
    """Raised when code that must compute gradients by hand calls autograd."""


class _RefusingEngine:
    def __init__(self, engine, message):
        self._engine, self._message = engine, message

    def run_backward(self, *args, **kwargs):
        raise AutogradNotAllowed(self._message)

    def __getattr__(self, name):
        return getattr(self._engine, name)


@contextmanager
def autograd_forbidden(message: str):
    """Within the block, every backward pass raises AutogradNotAllowed(message).

    `tensor.backward()`, `torch.autograd.grad`, `torch.autograd.functional` and `torch.func`
    all reach the C++ engine through one Python attribute, which is replaced here; this holds
    whatever name the submission imported them under.
    """
    engine = Variable._execution_engine
    Variable._execution_engine = _RefusingEngine(engine, message)
    try:
        yield
    finally:
        Variable._execution_engine = engine


class CallNotAllowed(RuntimeError):
    """Raised when the submission calls a function an exercise forbids."""


@contextmanager
def calls_forbidden(message: str, targets):
    """Within the block, each (owner, attribute) of `targets` raises CallNotAllowed(message).

    Used to check that work is done by hand (an optimizer that does not hand its step to
    torch.optim.SGD). It holds for calls made through the owner (torch.optim.SGD.step,
    torch.optim.sgd.sgd); a submission that saved a reference to the function itself at import
    time is not stopped by it.
    """

    def refuse(*args, **kwargs):
        raise CallNotAllowed(message)

    saved = [(owner, name, getattr(owner, name)) for owner, name in targets]
    try:
        for owner, name, _ in saved:
            setattr(owner, name, refuse)
        yield
    finally:
        for owner, name, original in reversed(saved):
            setattr(owner, name, original)
