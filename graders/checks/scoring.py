"""Checks, points and scores.

A grader module is a list of checks. Each is a small function decorated with `@check`: its
docstring is the sentence the student sees, `hint` what to look at when it fails, and keyword
strategies what hypothesis draws for it. What it is worth (all or nothing) is written in the
exercise's record in graders/curriculum.toml, under [exercise.points]:

    @check(p=strategies.two_layer(), hint="The ReLU's derivative is a mask.")
    def backward_matches_autograd(sub, p):
        '''backward returns the gradients autograd finds.'''
        ...

A failure that the hint does not fit names another of the check's `hints` by key
(`raise CheckFailed(..., hint="tied")`): what the student reads always agrees with what failed.

`sub` is the Runner that reaches the submission through probes. `corners` lists examples that
are always tried first (batch size 1, D == H, ties at 0), whatever hypothesis draws. `tests`
names the student's function the check is about; the exercise's [exercise.uses] in
graders/curriculum.toml says which of the student's functions each one calls (`train_manual =
["forward", "sse_loss", "backward"]`, "manual_backprop.forward" for a sibling module's), so
that a check failing only because a function it uses is wrong says so (`root_causes`) instead
of giving a hint about itself.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from types import ModuleType

import hypothesis
from hypothesis.control import currently_in_test_context

from graders import catalog, errors, results
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
    # other hints, by key, for failures the main one does not fit: CheckFailed(..., hint=key)
    hints: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.fn.__name__

    @property
    def sentence(self) -> str:
        return " ".join(inspect.getdoc(self.fn).split())


def check(
    hint: str | None = None,
    corners=(),
    examples: int | None = None,
    tests: str | None = None,
    needs=(),
    hints: dict | None = None,
    **strategies,
):
    """Make a function of a grader module a check, worth the points its exercise's record gives
    it (see the module docstring)."""

    def decorate(fn) -> Check:
        if not inspect.getdoc(fn):
            raise TypeError(f"check {fn.__name__} needs a docstring: it is what the student reads")
        exercise = _exercise_named(fn.__module__)
        known = catalog.RECORDS.get(exercise)
        points = known and known.points.get(fn.__name__)
        if points is None:
            raise errors.ManifestError(
                f"the check {fn.__name__} of {fn.__module__} has no points: add "
                f"`{fn.__name__} = 1` under [exercise.points] of {exercise} in "
                "graders/curriculum.toml"
            )
        return Check(
            fn, points, hint, strategies, tuple(corners), examples, tests, tuple(needs), hints or {}
        )

    return decorate


def checks_of(grader: ModuleType) -> list[Check]:
    """A grader module's checks, in the order they are written."""
    return [v for v in vars(grader).values() if isinstance(v, Check)]


def points(*names: str) -> int:
    """The points the graders give to these exercises or assignments (all of them without names)."""
    chosen = [e for e in catalog.EXERCISES if not names or e in names or e.split("/")[0] in names]
    return sum(c.points for e in chosen for c in checks_of(catalog.grader(e)))


def exercise_of(grader: ModuleType) -> str:
    """'graders.checks.a1_backprop.manual_backprop' -> 'a1_backprop/manual_backprop'."""
    return _exercise_named(grader.__name__)


def _exercise_named(module: str) -> str:
    return "/".join(module.split(".")[-2:])


def assume(condition: bool) -> None:
    """Set this example aside unless `condition` holds (for conditions on the problem, never on
    the submission's answer): hypothesis' assume during a search, a skip during a replay."""
    if currently_in_test_context():
        hypothesis.assume(condition)
    elif not condition:
        raise errors.Rejected


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
        for used in catalog.record(exercise).uses.get(name, ()):
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
    function). A check builds on its `needs`, and on its grader's FOUNDATION: the checks every
    other one takes for granted (the layers a module is built from)."""
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
            foundation = getattr(catalog.grader(exercise), "FOUNDATION", ())
            built_on = next(
                (n for n in (*chk.needs, *foundation) if n in failed_here and n != r.name), None
            )
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
        lines += [f"  {_root_line(r, results_by_exercise)}" for r in first]
    return "\n".join(lines)


def _root_line(root: CheckResult, results_by_exercise: dict[str, list[CheckResult]]) -> str:
    """'manual_backprop: backward_matches_autograd (what went wrong)'; a failure that every
    check of the exercise met is the exercise's, not one check's."""
    checks = results_by_exercise.get(root.exercise, [])
    short = (root.exercise or "").split("/")[-1]
    if len(checks) > 1 and all(c.problem == root.problem for c in checks):
        return f"{short}: {root.problem}"
    return f"{short}: {root.name} ({root.problem})"
