"""Running checks: the one path every front end takes (pytest, `torchkata grade`, `torchkata
watch`, a notebook's test cells), so the same code gets the same statuses, messages and scores
everywhere.

A check runs on a list of examples: its corners first, then what its strategies draw, from a
seed (graders.modes: the course's seed in grading mode, a new one each run in student mode,
after the failing examples kept from earlier runs). The probes run in a worker
(graders.isolation.launch); the judges, the references and the scoring run here.

1. **The verdict** is the replay of that list, in order, up to the first example that fails.
   Nothing after it changes the status or the score.
2. **The explanation**, only for a failed check: hypothesis replays the same draws and shrinks
   the failure to a smaller example, within SHRINK_CALLS calls and off the student's time (its
   requests are off the budget); the check then shows that smaller example. When it finds none,
   or anything goes wrong, the replayed example stands.

Time is the submission's CPU time, counted by the grader on the worker's clock
(graders.isolation.launch): a budget per check in student mode (CHECK_SECONDS), per exercise when
grading a submission (`torchkata grade --timeout`). A worker that uses its budget, or dies, is
replaced for the next check.

Outcomes: a check passes or fails for the submission's reasons (a wrong answer, an exception in
the worker, a time or memory limit), is not implemented yet (a stub), or is flagged (the source
screen). A grader error is left for a fault of this process's own code on values the door let
through (every reply is checked against its probe's declared shape first): the check is
withheld, never counted against the student.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import hypothesis
import torch
from hypothesis import HealthCheck, Phase, Verbosity, given, settings

from graders import errors, modes, results
from graders.checks.scoring import Check, checks_of
from graders.errors import (
    CheckFailed,
    Feedback,
    GraderError,
    IntegrityFlag,
    NotImplementedYet,
    Rejected,
    SubmissionRaised,
)
from graders.feedback import describe_example
from graders.inside import plain, probes
from graders.isolation import launch
from graders.results import ERROR, TIMEOUT, CheckResult, ExerciseStatus, clean

# Probe calls sent ahead of the judges (benchmarks/grading.py: a complete submission took about
# 1.6 s with 1 ahead, 1.4 s with 4, 1.6 s with all of a check's examples at once).
AHEAD = 4
SHRINK_CALLS = 30  # calls of a failed check while hypothesis looks for a smaller example
KEPT = 5  # failing examples kept per check between student-mode runs


@dataclass
class Session:
    """How a front end runs checks: grading or student mode, the device, the CPU time allowed
    (per check, or per exercise when `per_exercise`), and the seed grading draws from."""

    grading: bool
    device: str = "cpu"
    seconds: float = modes.CHECK_SECONDS
    per_exercise: bool = False
    seed: str = modes.PUBLIC_SEED
    keep_failures: bool = True  # student mode: keep failing examples for the next run
    explain: bool = True  # look for a smaller failing example (the kit's own tests skip it)


class Runner:
    """What a check receives as `sub`: `run(probe, *args)` runs one of the exercise's probes
    against the submission, in a worker, and returns its plain reply, checked against the
    probe's declared shape. `start` makes a worker (graders.isolation.launch) when one is needed.

    `prefetch` lines up the first probe call of each example a check will replay, and AHEAD of
    them are always sent ahead: the worker computes example k + 1 while the grader judges
    example k, and `run` takes the reply made for it."""

    def __init__(self, exercise: str, start, session: Session):
        self.exercise, self.start, self.session = exercise, start, session
        self.device = session.device
        self.table = probes.table(exercise)
        self.worker: launch.Worker | None = None
        self.level: str | None = None  # the sandbox level its workers reached
        self.budget = launch.Budget(session.seconds, "on this exercise")
        self.explaining = False  # requests off the budget: an explanation of a failure
        self.import_failure: str | None = None  # why the module did not import, once it failed
        self.lost: ExerciseStatus | None = None  # TIMEOUT or ERROR once a worker was lost
        self.dispose = lambda worker: worker.close()  # how a worker is thrown away
        self.planned: deque = deque()  # (probe, args) lined up, not sent yet
        self.pending: deque = deque()  # sent ahead, not taken by a judge yet
        self.ahead: deque = deque()  # replies to those, already read, in order

    def run(self, probe, *args):
        """`probe(module, *args)` in the worker; its reply as plain data."""
        if self.table.get(getattr(probe, "__name__", None)) is not probe:
            raise GraderError(f"{probe!r} is not a probe of {self.exercise}")
        if self.pending and self.pending[0][0] is probe and _same(self.pending[0][1], args):
            self.pending.popleft()
            reply = self.ahead.popleft() if self.ahead else self._receive()
            self._send_ahead()
        else:
            self._worker().allow(probe.backward)
            reply = self._ask(("run", probe.__name__, args))
        self._audit()
        return self._reply(reply, probe.returns)

    def load(self) -> None:
        """Import the exercise in the worker; an import failure is raised (and remembered)."""
        try:
            reply = self._ask(("load",))
            self._audit()
            self._reply(reply, object)
        except SubmissionRaised as failed:
            self.import_failure = failed.message + (f"\n  {failed.detail}" if failed.detail else "")
            raise

    def prefetch(self, calls: list) -> None:
        """Line up these (probe, args) calls, in order, and send the first ahead."""
        if hasattr(self._worker(), "send") and not self.explaining:
            self.planned.extend(calls)
            self._send_ahead()

    def _send_ahead(self) -> None:
        sent = []
        while self.planned and len(self.pending) < AHEAD and self.worker is not None:
            sent.append(self.planned.popleft())
            self.pending.append(sent[-1])
        if sent:
            for probe, _ in sent:
                self.worker.allow(probe.backward)
            self.worker.send([("run", probe.__name__, args) for probe, args in sent])

    def settle(self) -> None:
        """Drop what was lined up and not taken (the verdict no longer needs it): a reply sent
        for is read off the budget, and a worker still busy with it past OFF_BUDGET_SECONDS is
        thrown away, never counted against the submission."""
        unread = len(self.pending) - len(self.ahead)
        self.planned.clear()
        self.pending.clear()
        self.ahead.clear()
        try:
            for _ in range(unread):
                self.worker.receive(None)
        except errors.WorkerLost:
            self.close()

    def _worker(self):
        if self.worker is None:
            self.worker = self.start()
            self.level = self.worker.level
        return self.worker

    def _ask(self, request):
        if not self.explaining and self.budget.used >= self.budget.seconds:
            raise errors.WorkerLost(
                TIMEOUT,
                f"not run: your code used the {self.budget.seconds:g} s of CPU time allowed "
                f"{self.budget.what}.",
            )
        worker = self._worker()
        if self.pending:  # replies to calls sent before this one come first
            worker.send([request])
            while len(self.ahead) < len(self.pending):
                self.ahead.append(self._receive())
            return self._receive()
        try:
            return worker.ask(request, None if self.explaining else self.budget)
        except errors.WorkerLost as lost:
            self._lost(lost)
            raise

    def _receive(self):
        try:
            return self.worker.receive(None if self.explaining else self.budget)
        except errors.WorkerLost as lost:
            self._lost(lost)
            raise

    def _audit(self) -> None:
        """Autograd the worker ran in an exercise done by hand, counted from outside it."""
        found = self.worker.audit() if self.worker is not None else None
        if found:
            raise IntegrityFlag([found], f"not graded: {found} (your instructor sees this flag).")

    def _lost(self, lost: errors.WorkerLost) -> None:
        self.planned.clear()
        self.pending.clear()
        self.ahead.clear()
        self.close()
        if not self.explaining:
            self.lost = TIMEOUT if TIMEOUT in (self.lost, lost.status) else lost.status

    def _reply(self, reply, schema):
        kind = reply[0] if type(reply) is tuple and reply and type(reply[0]) is str else None
        if {"ok": 2, "not-implemented": 2, "raised": 3, "failed": 3}.get(kind) != len(reply):
            lost = errors.WorkerLost(
                ERROR, "Your code sent back a reply the grader does not understand."
            )
            self._lost(lost)  # a worker that says what no worker says is not asked again
            raise lost
        if kind == "ok":
            wrong = plain.mismatch(reply[1], schema, "its result")
            if wrong:
                raise SubmissionRaised(f"the grader could not read what your code gave: {wrong}")
            return reply[1]
        if kind == "not-implemented":
            raise NotImplementedYet(launch.text(reply[1]))
        detail = launch.text(reply[2]) if isinstance(reply[2], str) else None
        failure = SubmissionRaised if kind == "raised" else CheckFailed
        raise failure(launch.text(reply[1]), detail=detail)

    def close(self) -> None:
        """Throw the worker away (a new one starts when a probe is next asked for)."""
        self.planned.clear()
        self.pending.clear()
        self.ahead.clear()
        if self.worker is not None:
            worker, self.worker = self.worker, None
            self.dispose(worker)


def _same(a, b) -> bool:
    """Whether two probe arguments are the same value (tensors by shape, dtype and values)."""
    if isinstance(a, torch.Tensor) or isinstance(b, torch.Tensor):
        return (
            isinstance(a, torch.Tensor)
            and isinstance(b, torch.Tensor)
            and a.shape == b.shape
            and a.dtype == b.dtype
            and a.device == b.device
            and bool(torch.equal(a, b))
        )
    if type(a) is not type(b):
        return False
    if type(a) in (list, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if type(a) is dict:
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return a == b


# --- one check ---------------------------------------------------------------------------------


def run_check(chk: Check, runner: Runner) -> CheckResult:
    """The check's verdict on the submission, then, for a failure, its explanation."""
    session = runner.session
    if not session.per_exercise:
        runner.budget = launch.Budget(session.seconds, "in this check")
    result = CheckResult(chk.name, chk.points, sentence=chk.sentence, exercise=runner.exercise)
    drawn, seed = examples(chk, session, runner.exercise)
    try:
        failing = _verdict(chk, runner, drawn, result)
    finally:
        runner.settle()
    if failing is not None and chk.strategies and session.explain:
        shown = _explain(chk, runner, seed, drawn[: drawn.index(failing)])
        if shown is not None:
            _fill(result, shown, chk)
        if not session.grading and session.keep_failures:
            _keep(chk, runner.exercise, shown.kwargs if shown is not None else failing)
    return result


def _verdict(chk: Check, runner: Runner, drawn: list[dict], result: CheckResult):
    """Replay the examples in order up to the first failure; fill in `result`. Returns the
    failing example's arguments (None when it passed, or ended otherwise). Once the first
    example has passed, the first probe call of every other example is prefetched (see Runner):
    a stub, or a mistake the first example shows, costs no more than one call."""
    kwargs, prefetched = None, False
    try:
        for i, kwargs in enumerate(drawn):
            try:
                chk.fn(runner, **kwargs)
            except Rejected:
                continue
            if not prefetched:
                runner.prefetch(_first_calls(chk, runner, drawn[i + 1 :]))
                prefetched = True
    except Feedback as failure:
        failure.kwargs = kwargs
        _fill(result, failure, chk)
        return kwargs
    except NotImplementedYet as stub:
        result.status, result.problem = results.NOT_IMPLEMENTED, stub.where
    except IntegrityFlag as flag:
        result.status, result.problem = results.INTEGRITY, flag.message
    except errors.WorkerLost as lost:
        result.status, result.problem = results.FAILED, clean(lost.message)
    except errors.WorkerDidNotStart:
        raise
    except Exception as error:  # noqa: BLE001 - the kit's own code failed: withheld, said so
        kit = str(error) if isinstance(error, GraderError) else f"{type(error).__name__}: {error}"
        result.status = results.GRADER_ERROR
        result.problem = clean(
            "not graded: the grader itself failed on this check "
            f"(the kit's fault, not yours; its points are left out). {kit[:300]}"
        )
    return None


class _Planned(BaseException):
    """The first probe call a check makes for an example, caught before it is made."""


class _Planner:
    """Stands in for a Runner while the first probe call of each example is found."""

    def __init__(self, runner: Runner):
        self.device, self.exercise, self.session = runner.device, runner.exercise, runner.session

    def run(self, probe, *args):
        raise _Planned(probe, args)


def _first_calls(chk: Check, runner: Runner, drawn: list[dict]) -> list:
    """(probe, args) of the first probe call the check makes for each example (an example that
    the check sets aside, or that fails before any call, makes none)."""
    planner, calls = _Planner(runner), []
    for kwargs in drawn:
        try:
            chk.fn(planner, **kwargs)
        except _Planned as planned:
            calls.append(planned.args)
        except Exception:  # noqa: BLE001, S112 - it fails the same way in the verdict
            continue
    return calls


def _fill(result: CheckResult, failure: Feedback, chk: Check) -> None:
    """A failed check's fields, from what the judge or the worker said (made safe to show:
    they may hold the submission's text)."""
    key = getattr(failure, "hint", None)
    hint = chk.hints[key] if key else chk.hint  # a key the check does not declare: the kit's bug
    result.status, result.problem, result.hint = results.FAILED, clean(failure.message), hint
    result.expected, result.got, result.detail = (
        None if text is None else clean(text)
        for text in (failure.expected, failure.got, failure.detail)
    )
    kwargs = getattr(failure, "kwargs", None)
    result.example = _described(chk, kwargs) if kwargs is not None and chk.strategies else None


def _explain(chk: Check, runner: Runner, seed: str, passed: list[dict]) -> Feedback | None:
    """A smaller failing example than the replayed one, found by hypothesis within
    SHRINK_CALLS calls off the student's time: it draws what the verdict drew (the same seed),
    skips what passed there, and shrinks the first failure. None when it finds none, or when
    anything else happens."""
    failures: dict[str, Feedback] = {}
    known = {repr(sorted(k.items())) for k in passed}  # these passed in the verdict
    calls = 0

    @functools.wraps(chk.fn)  # hypothesis reads the check's arguments from its signature
    def body(sub, **kwargs):
        nonlocal calls
        key = repr(sorted(kwargs.items()))
        if key in known or (calls >= SHRINK_CALLS and key not in failures):
            return  # declared passing, not run: the shrinker stops at what it has
        calls += 1
        try:
            chk.fn(sub, **kwargs)
        except Rejected:
            hypothesis.assume(False)
        except Feedback as failure:
            failure.kwargs = kwargs
            failures[key] = failure
            raise

    runner.explaining = True
    try:
        with _stable_draws():
            _search(chk, runner.session, runner.exercise, body, seed)(runner)
    except BaseException as error:  # noqa: BLE001 - an explanation never changes a verdict
        if isinstance(error, KeyboardInterrupt):
            raise
        return next((e for e in _inner(error) if hasattr(e, "kwargs")), None)
    finally:
        runner.explaining = False
    return None


def _inner(error: BaseException):
    yield error
    for inner in getattr(error, "exceptions", ()):
        yield from _inner(inner)


def _described(chk: Check, kwargs: dict) -> str:
    """The drawn arguments of one example (not the runner), in small form."""
    return describe_example({k: v for k, v in kwargs.items() if k in chk.strategies})


# --- the examples --------------------------------------------------------------------------------

_drawn: dict[tuple, list[dict]] = {}


def examples(chk: Check, session: Session, exercise: str) -> tuple[list[dict], str]:
    """What the verdict replays, and the seed of its draws: the corners, then (student mode)
    the failing examples kept from earlier runs, then the draws. Grading mode draws from the
    course's seed, once per process, and replays them for every submission; student mode draws
    anew at each run."""
    if not chk.strategies:
        return [{}], ""
    seed = session.seed if session.grading else modes.student_seed()
    key = (chk.fn, exercise, seed)
    if key not in _drawn:
        seen: list[dict] = []

        @functools.wraps(chk.fn)
        def record(sub, **kwargs):
            seen.append(kwargs)

        with _stable_draws():
            _search(chk, session, exercise, record, seed)(None)
        if not session.grading:
            return [*chk.corners, *_kept(chk, exercise), *seen], seed
        _drawn[key] = seen
    return [*chk.corners, *_drawn[key]], seed


def _search(chk: Check, session: Session, exercise: str, body, seed: str):
    """A hypothesis test of `body` over the check's strategies, drawing from `seed` and the
    check's name alone: the same draws on every machine and install, for the same versions of
    hypothesis and torch."""
    count = modes.examples(session.grading, chk.examples)
    test = settings(
        max_examples=count,
        database=None,
        derandomize=False,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
        report_multiple_bugs=False,
        print_blob=False,
        phases=(Phase.generate, Phase.shrink),
    )(body)
    digest = hashlib.sha256(f"{seed}\0{exercise}:{chk.name}".encode()).digest()
    return hypothesis.seed(int.from_bytes(digest[:8], "big"))(given(**chk.strategies)(test))


@contextmanager
def _stable_draws():
    """Draws that depend on the seed alone: hypothesis mixes constants it finds in the loaded
    modules of the current project into its draws (so an editable install of the kit, or one
    more module imported, would change them); here it finds none."""
    from hypothesis.internal.conjecture import providers

    original = getattr(providers, "_get_local_constants", None)
    if original is None:  # a hypothesis without local constants
        yield
        return
    empty = providers.Constants()
    providers._get_local_constants = lambda: empty
    providers.CONSTANTS_CACHE.cache.clear()
    try:
        yield
    finally:
        providers._get_local_constants = original
        providers.CONSTANTS_CACHE.cache.clear()


def _store(exercise: str, chk: Check) -> Path:
    """Where a check's failing examples are kept: beside hypothesis' own database."""
    home = Path(os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY", ".hypothesis"))
    return home / "torchkata" / exercise.replace("/", ".") / chk.name


def _kept(chk: Check, exercise: str) -> list[dict]:
    """The failing examples kept from earlier student-mode runs (unreadable ones are dropped)."""
    try:
        data = _store(exercise, chk).read_bytes()
        kept = plain.decode(data, records=True)
    except (OSError, errors.PlainDataError):
        return []
    return [k for k in kept if isinstance(k, dict) and set(k) == set(chk.strategies)][:KEPT]


def _keep(chk: Check, exercise: str, kwargs: dict) -> None:
    kept = [k for k in _kept(chk, exercise) if k != kwargs]
    path = _store(exercise, chk)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(plain.encode([kwargs, *kept][:KEPT], records=True))
    except (OSError, errors.PlainDataError):
        pass


# --- an exercise ------------------------------------------------------------------------------


def check_exercise(grader, runner: Runner, only=None) -> list[CheckResult]:
    """Every check of a grader module on one submission (those named in `only`, if given). The
    module is imported first: if it does not import, every check says why, once each, and none
    runs (nothing is drawn: the answer comes at once)."""
    chosen = [c for c in checks_of(grader) if only is None or c.name in only]
    failed = load(runner)
    if failed is not None:
        return [lost(c, runner.exercise, failed) for c in chosen]
    return [run_check(c, runner) for c in chosen]


def load(runner: Runner):
    """Import the exercise in its worker: None, or why it did not import (a stub at import is
    NotImplementedYet)."""
    try:
        runner.load()
    except (SubmissionRaised, NotImplementedYet, IntegrityFlag, errors.WorkerLost) as failed:
        return failed
    return None


def lost(chk: Check, exercise: str, failed) -> CheckResult:
    """A check that cannot run: the module did not import, or is a stub at import."""
    if isinstance(failed, NotImplementedYet):
        return CheckResult(
            chk.name,
            chk.points,
            results.NOT_IMPLEMENTED,
            exercise,
            chk.sentence,
            clean(failed.where),
        )
    if isinstance(failed, IntegrityFlag):
        return CheckResult(
            chk.name, chk.points, results.INTEGRITY, exercise, chk.sentence, clean(failed.message)
        )
    message = failed.message + (f"\n  {failed.detail}" if getattr(failed, "detail", None) else "")
    return CheckResult(chk.name, chk.points, results.FAILED, exercise, chk.sentence, clean(message))
