"""Every exception the kit raises from one module into another, in one place (as hypothesis keeps
its errors): which failures are the submission's, which end an exercise, which are the kit's.

The submission's (a check's verdict; what the student reads):
    Feedback                 a check did not pass because of the submission
      CheckFailed            it answered, and the answer is wrong
      SubmissionRaised       its own code raised
    NotImplementedYet        a stub was reached (a BaseException: it ends the check at once)
    IntegrityFlag            its source reaches into the grader (a BaseException: it ends the
                             exercise, flagged)
    NotByHand                raised inside its code when it hands a by-hand exercise to torch

A worker's end (neither the student's verdict nor the kit's fault):
    WorkerLost               the worker used its time, died or sent something unreadable (a
                             BaseException: never one failed example); `status` says which

What crossed between processes and cannot be read; whose fault it is, the catcher decides
(a reply the submission's code bent out of shape is the submission's failure):
    ChannelError, ChannelTimeout     not a whole frame, or none before the deadline
    PlainDataError                   not plain data, or more of it than plain data may be
    NotebookError                    a notebook that is not one, or holds no readable cell

The kit's own faults, and its tools' refusals with a reason, each a TorchkataError (never a
student's zero):
    GraderError              the kit's code failed in a probe or a judge: the check is withheld
    WorkerDidNotStart, ZygoteError, NoRoom    no worker could run (the kit's or the host's fault)
    ManifestError            graders/curriculum.toml is not as its format says
    ReleaseError             `torchkata release` cannot write the student version
    SimilarityError          `torchkata similarity` cannot run

A check's own signal: Rejected, an example the check set aside (scoring.assume).

Control flow private to one module (the worker's _Reply, ...) stays there, named with a leading
underscore; tests/test_layers.py holds every other exception class to this module.
This module imports nothing but the standard library: every room may import it.
"""

from __future__ import annotations


class TorchkataError(Exception):
    """A failure of the kit itself, or a refusal with a reason: never the student's fault."""


class Feedback(Exception):
    """A check did not pass because of the submission. Carries short strings only."""

    def __init__(
        self,
        message: str,
        detail: str | None = None,
        expected: str | None = None,
        got: str | None = None,
        hint: str | None = None,
    ):
        super().__init__(message)
        self.message = message  # one sentence: what went wrong
        self.hint = hint  # the key of another of the check's hints (its `hints`) that fits better
        self.detail = detail  # optional: a line or two more
        # optional: the right answer and the submission's, in small form
        self.expected, self.got = expected, got
        self.example: str | None = None  # filled in by the check runner: the drawn example


class CheckFailed(Feedback):
    """The submission answered, and the answer is wrong. (In a notebook, the kit raises it with
    a failed check's whole message; IPython shows that without the grader's stack trace.)"""


class SubmissionRaised(Feedback):
    """The submission's own code raised an exception (`kinds`: the names of its class and of
    the classes it derives from, ValueError for a subclass of ValueError)."""

    def __init__(self, message: str, detail: str | None = None, kinds: tuple[str, ...] = ()):
        super().__init__(message, detail)
        self.kinds = kinds


class NotImplementedYet(BaseException):
    """The submission reached a stub's `raise NotImplementedError`.

    A BaseException on purpose: hypothesis lets it through at once instead of shrinking, so a
    stub costs one call per check and reports "not implemented yet" and nothing more.
    """

    def __init__(self, where: str):
        super().__init__(where)
        self.where = where


class IntegrityFlag(BaseException):
    """The submission's source does what the kit does not grade (graders.isolation.screen): it
    reaches into the grader's internals. A BaseException, like NotImplementedYet: it ends the
    exercise (scored 0, flagged in every report), not one example."""

    def __init__(self, findings: list[str], message: str | None = None):
        super().__init__("; ".join(findings))
        self.findings, self._message = findings, message

    @property
    def message(self) -> str:
        return self._message or integrity_message(self.findings)


def integrity_message(findings: list[str]) -> str:
    shown = "; ".join(findings[:3]) + (
        f"; and {len(findings) - 3} more" if len(findings) > 3 else ""
    )
    return (
        "not graded: this code reaches into other modules', frames' or the grader's internals "
        f"({shown}). "
        "The kit does not grade such code; remove it (your instructor sees this flag)."
    )


class NotByHand(RuntimeError):
    """Raised inside the submission when it hands the exercise's work to torch."""


class WorkerLost(BaseException):
    """The worker stopped answering: it used its time, died, or sent something unreadable. A
    BaseException, like NotImplementedYet, so that neither hypothesis nor a check treats it as
    one failed example. `status` is results.TIMEOUT or results.ERROR."""

    def __init__(self, status: str, message: str):
        super().__init__(message)
        self.status, self.message = status, message


class GraderError(TorchkataError):
    """The kit's own code failed (a probe or a judge): never the student's fault. The check
    is withheld, and the command says it is the kit's fault."""


class WorkerDidNotStart(TorchkataError, RuntimeError):
    """The grader could not start a worker: the kit's or the host's fault, never a student's
    zero."""


class ZygoteError(TorchkataError, RuntimeError):
    """The workers' parent could not be started or stopped answering."""


class NoRoom(TorchkataError, RuntimeError):
    """A worker cannot run within the host's own limits (the host's fault, never the student's)."""


class ChannelError(Exception):
    """What came through the channel is not a well-formed frame of plain data."""


class ChannelTimeout(ChannelError):
    """No whole frame arrived before the deadline."""


class PlainDataError(Exception):
    """A value is not plain data, or is larger than plain data may be."""


class ManifestError(TorchkataError):
    """graders/curriculum.toml is not as its format says: what is wrong, and where."""


class NotebookError(ValueError):
    """A notebook that could not be read: what is wrong, and where."""


class ReleaseError(TorchkataError):
    """`torchkata release` cannot write the student version: what is wrong."""


class SimilarityError(TorchkataError):
    """torchkata similarity could not run: copydetect is missing, or a stub is."""


class Rejected(Exception):
    """An example that the check itself set aside (see graders.checks.scoring.assume)."""
