"""The result model: what a check found, as fields, from the check to every report.

A check's result is data (CheckResult); an exercise's (ExerciseResult) and a submission's
(Report) are made of them. Each front end renders them in its own form — pytest, the notebook,
the text table, JSON, Gradescope, JUnit, the class report — and none of them recovers a field
from rendered text. `message` is the one plain-text rendering of a check, which the pytest
plugin, the notebook and the JSON report share.

Points: a check is worth its points when it passes. A grader error (the kit's own code failed)
is withheld, not failed: its points are left out of the maximum, and the report says so.

This module imports nothing heavy (no torch), so that commands that only read reports
(`merge`, `compare`) start at once.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, fields


class _Status(str, enum.Enum):
    """A status is a str: it compares equal to, formats as and serialises as its value, so the
    JSON a report writes and reads back is plain text."""

    __str__ = str.__str__
    __format__ = str.__format__


class CheckStatus(_Status):
    """How a check ended."""

    PASSED = "passed"
    FAILED = "failed"  # the submission's answer is wrong, or its code raised
    NOT_IMPLEMENTED = "not-implemented"  # the stub's NotImplementedError was reached
    INTEGRITY = "integrity"  # not graded: the source reaches into the grader's internals (screen)
    GRADER_ERROR = "grader-error"  # the kit's own code failed: withheld, never the student's zero


class ExerciseStatus(_Status):
    """How far grading an exercise got; TIMEOUT and ERROR are also why a worker was lost
    (graders.errors.WorkerLost.status)."""

    GRADED = "graded"
    MISSING = "missing"  # no file for it in the submission
    ERROR = "error"  # its worker died, sent something unreadable, or could not start
    TIMEOUT = "timeout"  # its worker used the exercise's CPU time
    INTEGRITY = "integrity"  # the source screen refused it: scored 0, flagged


class ExitCode(enum.IntEnum):
    """torchkata's exit status, as pytest's ExitCode: what a script or a CI job reads."""

    OK = 0  # the command did its work, whatever the scores
    NOT_MET = 1  # a --fail-under gate, no exercise found, scores that differ, files out of date
    CANNOT_RUN = 2  # a bad path or option, no sandbox under --require-sandbox (argparse's 2 too)
    KIT_FAILED = 3  # the kit's own code failed: withheld checks, students not graded


# The statuses by their short names, as every module writes them (results.PASSED).
PASSED, FAILED, NOT_IMPLEMENTED, GRADER_ERROR = (
    CheckStatus.PASSED,
    CheckStatus.FAILED,
    CheckStatus.NOT_IMPLEMENTED,
    CheckStatus.GRADER_ERROR,
)
INTEGRITY = CheckStatus.INTEGRITY  # == ExerciseStatus.INTEGRITY: the same word for both
GRADED, MISSING, ERROR, TIMEOUT = (
    ExerciseStatus.GRADED,
    ExerciseStatus.MISSING,
    ExerciseStatus.ERROR,
    ExerciseStatus.TIMEOUT,
)
CHECK_STATUSES, EXERCISE_STATUSES = tuple(CheckStatus), tuple(ExerciseStatus)


@dataclass
class CheckResult:
    """One check's verdict on one submission."""

    name: str  # the check's name in its grader module, e.g. "backward_matches_autograd"
    points: int  # what it is worth when it passes
    status: CheckStatus = PASSED  # a str in a result read back from JSON: compares the same
    exercise: str = ""  # "a1_backprop/manual_backprop"
    sentence: str = ""  # the property, as the student reads it (the check's docstring)
    problem: str = ""  # what went wrong, in one sentence ("" when it passed)
    expected: str | None = None  # the right answer in small form, where there is one
    got: str | None = None  # the submission's answer in small form
    detail: str | None = (
        None  # more, in a line or two: where the largest difference is, the line that raised
    )
    example: str | None = None  # the smallest failing example, in small form
    hint: str | None = None  # what to look at
    root_cause: str | None = (
        None  # "train_manual uses your backward, which fails backward_matches_autograd"
    )
    root_check: str | None = None  # that failing check: "a1_backprop/manual_backprop:backward_..."

    @property
    def passed(self) -> bool:
        return self.status == PASSED

    @property
    def withheld(self) -> bool:
        return self.status == GRADER_ERROR

    @property
    def score(self) -> int:
        return self.points if self.passed else 0

    @property
    def max_score(self) -> int:
        return 0 if self.withheld else self.points

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "score": self.score,
            "max_score": self.max_score,
            "points": self.points,
            "passed": self.passed,
            "message": message(self),
            **{
                f.name: getattr(self, f.name)
                for f in fields(self)
                if f.name not in ("name", "points", "exercise")
            },
        }

    @classmethod
    def from_dict(cls, data: dict, exercise: str = "") -> CheckResult:
        known = {f.name for f in fields(cls)} - {"exercise"}
        return cls(
            **{k: v for k, v in data.items() if k in known},
            exercise=exercise or data.get("exercise", ""),
        )


MAX_TEXT = 1000  # characters of one field of a result that came from a submission
MAX_FLAGS = 20  # flags of one kind listed per exercise (and per report): the rest are counted


def clean(text: str, limit: int = MAX_TEXT) -> str:
    """Text that came from a submission, made safe for every format: control characters
    (ANSI escapes, NUL, a lone surrogate) become "?", and past `limit` characters it is cut,
    saying so. Line breaks and tabs stay."""
    text = str(text)
    shown = "".join(c if c.isprintable() or c in "\n\t" else "?" for c in text[:limit])
    if len(text) > limit:
        shown += f" … (cut: {len(text) - limit:,} more characters)"
    return shown


def cleaned(flags: list[str], limit: int = 300) -> list[str]:
    """A list of flags made safe (see clean) and bounded: MAX_FLAGS at most, then a count."""
    kept = [clean(f, limit) for f in flags[:MAX_FLAGS]]
    if len(flags) > MAX_FLAGS:
        kept.append(f"… and {len(flags) - MAX_FLAGS:,} more")
    return kept


def points_text(n: int) -> str:
    """'1 point', '3 points'."""
    return f"{n} point{'s' * (n != 1)}"


def message(result: CheckResult) -> str:
    """A check's result in plain text: empty when it passed; else the property, what went
    wrong, expected against got, the smallest failing example, and a hint. When a function it
    uses, or a check it builds on, is the root cause: the property, what went wrong, and that,
    compactly (the root's own message shows the numbers)."""
    if result.passed:
        return ""
    if result.status == NOT_IMPLEMENTED:
        return f"not implemented yet: {result.problem}"
    if result.status in (INTEGRITY, GRADER_ERROR) or not result.sentence:
        return result.problem
    lines = [result.sentence, f"What went wrong: {result.problem}"]
    if result.root_cause:
        return "\n".join([*lines, f"Fix that first: {result.root_cause}."])
    if result.expected is not None and result.got is not None:
        lines += [f"Expected {result.expected}", f"Got      {result.got}"]
    if result.detail:
        lines.append(result.detail)
    if result.example:
        lines.append(f"Smallest failing example: {result.example}")
    if result.hint:
        lines.append(f"Hint: {result.hint}")
    return "\n".join(lines)


@dataclass
class ExerciseResult:
    """One exercise of one submission."""

    name: str
    status: ExerciseStatus = GRADED
    checks: list[CheckResult] = field(default_factory=list)
    integrity: list[str] = field(
        default_factory=list
    )  # what the source screen refused ("file, line N: what")

    @property
    def score(self) -> int:
        return sum(c.score for c in self.checks)

    @property
    def max_score(self) -> int:
        return sum(c.max_score for c in self.checks)

    @property
    def withheld(self) -> int:
        return sum(c.points for c in self.checks if c.withheld)

    @property
    def done(self) -> bool:
        return self.status == GRADED and all(c.passed for c in self.checks)

    def to_dict(self) -> dict:
        entry = {
            "name": self.name,
            "score": self.score,
            "max_score": self.max_score,
            "withheld": self.withheld,
            "status": self.status,
            "checks": [c.to_dict() for c in self.checks],
        }
        if self.integrity:
            entry["integrity"] = self.integrity
        return entry

    @classmethod
    def from_dict(cls, data: dict) -> ExerciseResult:
        return cls(
            data["name"],
            data["status"],
            [CheckResult.from_dict(c, data["name"]) for c in data["checks"]],
            data.get("integrity", []),
        )


@dataclass
class Report:
    """One submission's grading: what `torchkata grade --json` writes
    (graders/report.schema.json)."""

    exercises: list[ExerciseResult]
    versions: dict = field(default_factory=dict)
    sandbox: str = "no code of the submission ran"
    staging: dict = field(default_factory=lambda: {"base": "", "refused": []})
    seconds: float = 0.0
    # what the source screen could not prove harmless ("file, line N: what"): graded as usual,
    # for the instructor to read (graders.isolation.screen)
    review: list[str] = field(default_factory=list)

    @property
    def score(self) -> int:
        return sum(e.score for e in self.exercises)

    @property
    def max_score(self) -> int:
        return sum(e.max_score for e in self.exercises)

    @property
    def withheld(self) -> int:
        return sum(e.withheld for e in self.exercises)

    @property
    def grader_errors(self) -> list[str]:
        """'exercise: check' for every check the kit failed to grade."""
        return [f"{e.name}: {c.name}" for e in self.exercises for c in e.checks if c.withheld]

    @property
    def integrity(self) -> list[str]:
        return [flag for e in self.exercises for flag in e.integrity]

    @property
    def found(self) -> bool:
        """Whether any exercise was found in the submission."""
        return any(e.status != MISSING for e in self.exercises)

    def to_dict(self) -> dict:
        return {
            "score": self.score,
            "max_score": self.max_score,
            "withheld": self.withheld,
            "grader_errors": self.grader_errors,
            "exercises": [e.to_dict() for e in self.exercises],
            "versions": self.versions,
            "sandbox": self.sandbox,
            "staging": self.staging,
            "seconds": self.seconds,
            "review": self.review,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Report:
        return cls(
            [ExerciseResult.from_dict(e) for e in data["exercises"]],
            data.get("versions", {}),
            data.get("sandbox", ""),
            data.get("staging", {"base": "", "refused": []}),
            data.get("seconds", 0.0),
            data.get("review", []),
        )
