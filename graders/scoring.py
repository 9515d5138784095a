"""Checks, points and scores.

A grader module is a list of checks. Each is a small function decorated with `@check`: its
docstring is the sentence the student sees, `points` what it is worth (all or nothing), `hint`
what to look at when it fails, and keyword strategies what hypothesis draws for it:

    @check(points=3, p=strategies.two_layer(), hint="The ReLU's derivative is a mask.")
    def backward_matches_autograd(sub, p):
        '''backward returns the gradients autograd finds.'''
        ...

`sub` is the Runner that reaches the submission through probes. `corners` lists examples that
are always tried first (batch size 1, D == H, ties at 0), whatever hypothesis draws. `tests`
names the student's function the check is about; a grader module's USES says which of the
student's functions each one calls (`{"train_manual": ("forward", "sse_loss", "backward")}`,
"manual_backprop.forward" for a sibling module's), so that a check failing only because a
function it uses is wrong says so (`root_causes`) instead of giving a hint about itself.
"""

from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass, field
from types import ModuleType

import hypothesis
from hypothesis import example, given, settings
from hypothesis.control import currently_in_test_context

from graders import catalog, modes, results
from graders.feedback import (
    Feedback,
    GraderError,
    IntegrityFlag,
    NotImplementedYet,
    describe_example,
)
from graders.probe import Runner
from graders.results import CheckResult


@dataclass(frozen=True)
class Check:
    fn: object
    points: int
    hint: str | None = None
    strategies: dict = field(default_factory=dict)
    corners: tuple = ()
    examples: int | None = None
    tests: str | None = None  # the student's function (or class) it is about
    # checks of the same exercise this one builds on: if one fails, it is the cause
    needs: tuple = ()

    @property
    def name(self) -> str:
        return self.fn.__name__

    @property
    def sentence(self) -> str:
        return " ".join(inspect.getdoc(self.fn).split())


def check(
    points: int,
    hint: str | None = None,
    corners=(),
    examples: int | None = None,
    tests: str | None = None,
    needs=(),
    **strategies,
):
    """Make a function a check worth `points` (see the module docstring)."""

    def decorate(fn) -> Check:
        if not inspect.getdoc(fn):
            raise TypeError(f"check {fn.__name__} needs a docstring: it is what the student reads")
        return Check(fn, points, hint, strategies, tuple(corners), examples, tests, tuple(needs))

    return decorate


def checks_of(grader: ModuleType) -> list[Check]:
    """A grader module's checks, in the order they are written."""
    return [v for v in vars(grader).values() if isinstance(v, Check)]


def points(*names: str) -> int:
    """The points the graders give to these exercises or assignments (all of them without names)."""
    chosen = [e for e in catalog.EXERCISES if not names or e in names or e.split("/")[0] in names]
    return sum(c.points for e in chosen for c in checks_of(catalog.grader(e)))


def exercise_of(grader: ModuleType) -> str:
    """'graders.a1_backprop.manual_backprop' -> 'a1_backprop/manual_backprop'."""
    return "/".join(grader.__name__.split(".")[-2:])


def run_check(chk: Check, runner: Runner, grading: bool, exercise: str = "") -> CheckResult:
    """Run one check against the submission and score it.

    Student mode: hypothesis explores (random examples, its database, shrinking). Grading mode:
    the check's drawn examples are replayed (replay_check); only after a failure does
    hypothesis search and shrink, so that the feedback shows the smallest failing example. If
    that search does not fail again, the replayed failure stands as it is.
    """
    if chk.strategies and not grading:
        result = _scored(chk, lambda: _hypothesis_test(chk, grading=False)(runner))
    else:
        result = replay_check(chk, runner)
        if result.status == results.FAILED and chk.strategies:
            shrunk = _shrink(chk, runner)
            result = result if shrunk.passed else shrunk
    result.exercise = exercise or getattr(runner, "exercise", "")
    return result


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


SHRINK_CALLS = (
    30  # grading mode: calls of a failing check while hypothesis looks for a smaller example
)


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
    """The result of `attempt()`: passed, or the failure as the fields of a result."""
    result = CheckResult(chk.name, chk.points, sentence=chk.sentence)
    try:
        attempt()
    except NotImplementedYet as stub:
        result.status, result.problem = results.NOT_IMPLEMENTED, stub.where
    except IntegrityFlag as flag:
        result.status, result.problem = results.INTEGRITY, flag.message
    except Exception as error:  # noqa: BLE001 - every failure becomes a result, never a traceback
        failure = _feedback_in(error)
        if failure is None:
            kit = (
                str(error)
                if isinstance(error, GraderError)
                else f"{type(error).__name__}: {str(error)[:300]}"
            )
            result.status = results.GRADER_ERROR
            result.problem = (
                "not graded: the grader itself failed on this check "
                f"(the kit's fault, not yours; its points are left out). {kit}"
            )
        else:
            result.status, result.problem, result.hint = results.FAILED, failure.message, chk.hint
            result.expected, result.got, result.detail, result.example = (
                failure.expected,
                failure.got,
                failure.detail,
                failure.example,
            )
    return result


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
    test = settings(
        parent, max_examples=min(chk.examples or parent.max_examples, parent.max_examples)
    )(test)
    return given(**chk.strategies)(test)


def _described(chk: Check, kwargs: dict) -> str:
    """The drawn arguments of one example (not the runner), in small form."""
    return describe_example({k: v for k, v in kwargs.items() if k in chk.strategies})


class CheckTimedOut(BaseException):
    """A check ran past its time (raised by a front end's timer). A BaseException, so that
    hypothesis lets it through at once instead of running the endless code again to shrink it."""


def timed_out(chk: Check, exercise: str, seconds: float, running: str | None) -> CheckResult:
    """The result of a check stopped after `seconds`, naming the student's function that ran."""
    return CheckResult(
        chk.name,
        chk.points,
        results.FAILED,
        exercise,
        chk.sentence,
        f"{running or 'your code'} ran longer than {seconds:g} s: an infinite loop?",
        hint="Look for a loop whose condition never changes, or a recursion without an end.",
    )


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
                found.message += (
                    " (Your code gave different answers for the same input when it ran again.)"
                )
            return found
    return None


def grade(grader: ModuleType, runner: Runner, grading: bool) -> list[CheckResult]:
    return [run_check(chk, runner, grading, exercise_of(grader)) for chk in checks_of(grader)]


# --- root causes ---------------------------------------------------------------------------------


def _check(exercise: str, check_name: str) -> Check | None:
    return next((c for c in checks_of(catalog.grader(exercise)) if c.name == check_name), None)


def subject(exercise: str, check_name: str) -> str | None:
    """'a1_backprop/manual_backprop:backward' for a check about backward, or None."""
    chk = _check(exercise, check_name)
    return f"{exercise}:{chk.tests}" if chk and chk.tests else None


def uses(function: str) -> list[str]:
    """Every function `function` ('exercise:name') calls, directly or not, as 'exercise:name'."""
    found, todo = [], [function]
    while todo:
        exercise, name = todo.pop().split(":")
        assignment = exercise.split("/")[0]
        for used in getattr(catalog.grader(exercise), "USES", {}).get(name, ()):
            qualified = (
                f"{assignment}/{used.replace('.', ':')}" if "." in used else f"{exercise}:{used}"
            )
            if qualified not in found:
                found.append(qualified)
                todo.append(qualified)
    return found


def root_causes(results_by_exercise: dict[str, list[CheckResult]]) -> None:
    """Mark each failed check whose function uses a function that fails one of its own checks:
    the root cause, named in the result (its hint is then left out: it would be about the wrong
    function)."""
    failing: dict[str, str] = {}  # function -> its first failing check, as "exercise:check"
    for exercise, checks in results_by_exercise.items():
        for r in checks:
            fn = subject(exercise, r.name)
            if fn and r.status == results.FAILED and fn not in failing:
                failing[fn] = f"{exercise}:{r.name}"
    for exercise, checks in results_by_exercise.items():
        failed_here = {r.name for r in checks if r.status == results.FAILED}
        for r in checks:
            chk = _check(exercise, r.name)
            if r.status != results.FAILED or chk is None:
                continue
            built_on = next((name for name in chk.needs if name in failed_here), None)
            fn = f"{exercise}:{chk.tests}" if chk.tests else None
            cause = next((d for d in uses(fn) if d in failing), None) if fn else None
            if built_on:
                r.root_cause = f"this check builds on {built_on}, which fails"
                r.root_check = f"{exercise}:{built_on}"
            elif cause:
                mine, theirs = fn.split(":")[1], cause.split(":")[1]
                r.root_check = failing[cause]
                r.root_cause = (
                    f"{mine} uses your {theirs}, which fails {r.root_check.split(':')[1]}"
                )


def fix_first(
    results_by_exercise: dict[str, list[CheckResult]], count: int = 2
) -> list[CheckResult]:
    """The failures to fix first: failed checks that no other failure causes, one per function,
    those that most other failures depend on first, then in the curriculum's order."""
    roots, seen, qualified = [], set(), {}
    for exercise, checks in results_by_exercise.items():
        for r in checks:
            qualified[id(r)] = f"{exercise}:{r.name}"
            fn = subject(exercise, r.name) or f"{exercise}:{r.name}"
            # one failure that every check met (a module that does not import)
            same = (exercise, r.problem)
            if (
                r.status == results.FAILED
                and not r.root_cause
                and fn not in seen
                and same not in seen
            ):
                seen.update((fn, same))
                roots.append(r)
    dependents = {
        id(r): sum(
            o.root_check == qualified[id(r)]
            for checks in results_by_exercise.values()
            for o in checks
        )
        for r in roots
    }
    chosen = sorted(roots, key=lambda r: -dependents[id(r)])[:count]
    return sorted(chosen, key=roots.index)


def in_curriculum_order(
    results_by_exercise: dict[str, list[CheckResult]],
) -> dict[str, list[CheckResult]]:
    order = {e: i for i, e in enumerate(catalog.EXERCISES)}
    return dict(sorted(results_by_exercise.items(), key=lambda kv: order.get(kv[0], len(order))))


def score_table(results_by_exercise: dict[str, list[CheckResult]]) -> str:
    """Points per exercise and in total, as a small text table, and what to fix first."""
    width = max([len(name) for name in results_by_exercise] + [len("total")])
    lines = [f"{'exercise'.ljust(width)}  points", f"{'-' * width}  ------"]
    earned = possible = 0
    for name, checks in results_by_exercise.items():
        got, out_of = sum(c.score for c in checks), sum(c.max_score for c in checks)
        earned, possible = earned + got, possible + out_of
        lines.append(f"{name.ljust(width)}  {got:>3}/{out_of}")
    lines += [f"{'-' * width}  ------", f"{'total'.ljust(width)}  {earned:>3}/{possible}"]
    first = fix_first(results_by_exercise)
    if first:
        lines.append("fix first:")
        lines += [f"  {_first_line(r, results_by_exercise)}" for r in first]
    return "\n".join(lines)


def _first_line(root: CheckResult, results_by_exercise: dict[str, list[CheckResult]]) -> str:
    """'manual_backprop: backward_matches_autograd (what went wrong)'; a failure that every
    check of the exercise met is the exercise's, not one check's."""
    checks = results_by_exercise.get(root.exercise, [])
    short = (root.exercise or "").split("/")[-1]
    if len(checks) > 1 and all(c.problem == root.problem for c in checks):
        return f"{short}: {root.problem}"
    return f"{short}: {root.name} ({root.problem})"
