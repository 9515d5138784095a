"""Checks, points and scores.

A grader module is a list of checks. Each is a small function decorated with `@check`: its
docstring is the sentence the student sees, `points` what it is worth (all or nothing), `hint`
what to look at when it fails, and keyword strategies what hypothesis draws for it:

    @check(points=3, p=strategies.two_layer(), hint="The ReLU's derivative is a mask.")
    def backward_matches_autograd(sub, p):
        '''backward returns the gradients autograd finds.'''
        ...

`sub` is the Runner that reaches the submission through probes. `corners` lists examples that
are always tried first (batch size 1, D == H, ties at 0), whatever hypothesis draws.
"""

from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass, field
from types import ModuleType

import hypothesis
from hypothesis import example, given, settings
from hypothesis.control import currently_in_test_context

from graders import modes
from graders.feedback import Feedback, IntegrityFlag, NotImplementedYet, describe_example, report
from graders.probe import Runner


@dataclass(frozen=True)
class Check:
    fn: object
    points: int
    hint: str | None = None
    strategies: dict = field(default_factory=dict)
    corners: tuple = ()
    examples: int | None = None

    @property
    def name(self) -> str:
        return self.fn.__name__

    @property
    def sentence(self) -> str:
        return " ".join(inspect.getdoc(self.fn).split())


def check(points: int, hint: str | None = None, corners=(), examples: int | None = None, **strategies):
    """Make a function a check worth `points` (see the module docstring)."""

    def decorate(fn) -> Check:
        if not inspect.getdoc(fn):
            raise TypeError(f"check {fn.__name__} needs a docstring: it is what the student reads")
        return Check(fn, points, hint, strategies, tuple(corners), examples)

    return decorate


def checks_of(grader: ModuleType) -> list[Check]:
    """A grader module's checks, in the order they are written."""
    return [v for v in vars(grader).values() if isinstance(v, Check)]


def exercise_of(grader: ModuleType) -> str:
    """'graders.a1_backprop.manual_backprop' -> 'a1_backprop/manual_backprop'."""
    return "/".join(grader.__name__.split(".")[-2:])


@dataclass
class CheckResult:
    name: str
    points: int
    passed: bool
    message: str = ""
    example: str | None = None
    status: str = "graded"  # graded | not-implemented | grader-error

    @property
    def score(self) -> int:
        return self.points if self.passed else 0


def run_check(chk: Check, runner: Runner, grading: bool) -> CheckResult:
    """Run one check against the submission and score it.

    Student mode: hypothesis explores (random examples, its database, shrinking). Grading mode:
    the check's drawn examples are replayed (replay_check); only after a failure does
    hypothesis search and shrink, so that the feedback shows the smallest failing example. If
    that search does not fail again, the replayed failure stands as it is.
    """
    if chk.strategies and not grading:
        return _scored(chk, lambda: _hypothesis_test(chk, grading=False)(runner))
    verdict = replay_check(chk, runner)
    if verdict.passed or verdict.status != "graded" or not chk.strategies:
        return verdict
    shrunk = _shrink(chk, runner)
    return verdict if shrunk.passed else shrunk


def replay_check(chk: Check, runner: Runner) -> CheckResult:
    """Grading mode's verdict: the check run on its drawn examples, in order, up to the first
    failure (whose example the message shows, unshrunk)."""
    if not chk.strategies:
        return _scored(chk, lambda: chk.fn(runner))

    def replay():
        for kwargs in drawn_examples(chk):
            try:
                chk.fn(runner, **kwargs)
            except _Rejected:
                continue
            except Feedback as failure:
                failure.example = _described(chk, kwargs)
                raise

    return _scored(chk, replay)


SHRINK_CALLS = 30  # grading mode: calls of a failing check while hypothesis looks for a smaller example


def _shrink(chk: Check, runner: Runner) -> CheckResult:
    """Hypothesis' search and shrink, within a budget of SHRINK_CALLS real calls: past it, every
    new candidate is declared passing (not run), so the shrinker stops at the smallest failure
    found so far, and only known failures run again. A count, not a time, keeps it deterministic;
    it bounds what a wrong submission costs a class (shrinking took 4 s of a 10 s grading)."""
    failing: set[str] = set()
    calls = 0

    def body(sub, **kwargs):
        nonlocal calls
        key = repr(sorted(kwargs.items()))
        if calls >= SHRINK_CALLS and key not in failing:
            return
        calls += 1
        try:
            chk.fn(sub, **kwargs)
        except Feedback:
            failing.add(key)
            raise

    return _scored(chk, lambda: _hypothesis_test(chk, grading=True, body=body)(runner))


def _scored(chk: Check, attempt) -> CheckResult:
    """The result of `attempt()`: passed, or the failure written out as feedback."""
    try:
        attempt()
    except NotImplementedYet as stub:
        return CheckResult(chk.name, chk.points, False, report(chk.sentence, stub, None), None, "not-implemented")
    except IntegrityFlag as flag:
        return CheckResult(chk.name, chk.points, False, flag.message, None, "integrity")
    except Exception as error:  # noqa: BLE001 - every failure becomes feedback, never a traceback
        failure = _feedback_in(error)
        if failure is None:
            message = f"internal error in the grader (please report it): {type(error).__name__}: {error}"
            return CheckResult(chk.name, chk.points, False, message, None, "grader-error")
        return CheckResult(chk.name, chk.points, False, report(chk.sentence, failure, chk.hint), failure.example)
    return CheckResult(chk.name, chk.points, True)


def _hypothesis_test(chk: Check, grading: bool, body=None):
    body = body or chk.fn

    @functools.wraps(chk.fn)  # hypothesis keys its database and derandomized seed on chk.fn
    def one_example(*args, **kwargs):
        try:
            body(*args, **kwargs)
        except Feedback as failure:
            failure.example = _described(chk, kwargs)
            raise

    test = one_example
    for corner in reversed(chk.corners):
        test = example(**corner)(test)
    parent = modes.profile(grading)
    test = settings(parent, max_examples=min(chk.examples or parent.max_examples, parent.max_examples))(test)
    return given(**chk.strategies)(test)


def _described(chk: Check, kwargs: dict) -> str:
    """The drawn arguments of one example (not the runner), in small form."""
    return describe_example({k: v for k, v in kwargs.items() if k in chk.strategies})


class _Rejected(Exception):
    """A replayed example that the check itself set aside (see `assume`)."""


def assume(condition: bool) -> None:
    """Set this example aside unless `condition` holds (for conditions on the problem, never on
    the submission's answer): hypothesis' assume during a search, a skip during a replay."""
    if currently_in_test_context():
        hypothesis.assume(condition)
    elif not condition:
        raise _Rejected


_drawn: dict[object, list[dict]] = {}


def drawn_examples(chk: Check) -> list[dict]:
    """The examples grading mode runs a check on: its corners, then what hypothesis draws for it
    (derandomized, so always the same list for the same versions of the kit and its libraries).

    They are drawn once per process and replayed for every submission: a grader process that
    grades a whole class pays for hypothesis' generation once, not once per student.
    """
    if chk.fn not in _drawn:
        seen: list[dict] = []
        _hypothesis_test(chk, grading=True, body=lambda sub, **kwargs: seen.append(kwargs))(None)
        _drawn[chk.fn] = seen
    return _drawn[chk.fn]


def _feedback_in(error: BaseException) -> Feedback | None:
    """The Feedback behind an error, looking inside hypothesis' exception groups (a submission
    that answers the same input differently on two calls makes hypothesis raise FlakyFailure)."""
    if isinstance(error, Feedback):
        return error
    for inner in getattr(error, "exceptions", ()):
        found = _feedback_in(inner)
        if found is not None:
            if type(error).__name__ == "FlakyFailure":
                found.message += " (Your code gave different answers for the same input when it ran again.)"
            return found
    return None


def grade(grader: ModuleType, runner: Runner, grading: bool) -> list[CheckResult]:
    return [run_check(chk, runner, grading) for chk in checks_of(grader)]


def score_table(results: dict[str, list[CheckResult]]) -> str:
    """Points per exercise and in total, as a small text table."""
    width = max([len(name) for name in results] + [len("total")])
    lines = [f"{'exercise'.ljust(width)}  points", f"{'-' * width}  ------"]
    earned = possible = 0
    for name, checks in results.items():
        got, out_of = sum(c.score for c in checks), sum(c.points for c in checks)
        earned, possible = earned + got, possible + out_of
        lines.append(f"{name.ljust(width)}  {got:>3}/{out_of}")
    lines += [f"{'-' * width}  ------", f"{'total'.ljust(width)}  {earned:>3}/{possible}"]
    return "\n".join(lines)
