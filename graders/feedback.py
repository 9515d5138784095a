"""What the student reads: the ways a check can fail, and how each is written out.

A failed check always says, in this order: the property's sentence (its docstring), the smallest
failing example in small form, what was expected against what came back, and a hint. Nothing
here prints a whole tensor or a stack frame of the grader's own.
"""

from __future__ import annotations

import math

import torch

MAX_VALUES = 6  # how many entries of a tensor a message shows


class Feedback(Exception):
    """A check did not pass. Carries short strings only, never tensors."""

    def __init__(self, message: str, detail: str | None = None):
        super().__init__(message)
        self.message = message  # one sentence: what went wrong
        self.detail = detail  # optional: expected against got, in a line or two
        self.example: str | None = None  # filled in by the check runner: the drawn example


class CheckFailed(Feedback):
    """The submission answered, and the answer is wrong."""


class SubmissionRaised(Feedback):
    """The submission's own code raised an exception."""


class IntegrityFlag(BaseException):
    """The submission's source does what the kit does not grade (graders.screen): it reaches
    into the grader's internals. A BaseException, like NotImplementedYet: it ends the exercise
    (scored 0, flagged in every report), not one example."""

    def __init__(self, findings: list[str]):
        super().__init__("; ".join(findings))
        self.findings = findings

    @property
    def message(self) -> str:
        return integrity_message(self.findings)


def integrity_message(findings: list[str]) -> str:
    shown = "; ".join(findings[:3]) + (f"; and {len(findings) - 3} more" if len(findings) > 3 else "")
    return (
        f"not graded: this code reaches into other modules', frames' or the grader's internals ({shown}). "
        "The kit does not grade such code; remove it (your instructor sees this flag)."
    )


class NotImplementedYet(BaseException):
    """The submission reached a stub's `raise NotImplementedError`.

    A BaseException on purpose: hypothesis lets it through at once instead of shrinking, so a
    stub costs one call per check and reports "not implemented yet" and nothing more.
    """

    def __init__(self, where: str):
        super().__init__(where)
        self.where = where


def number(v: float) -> str:
    """A number in at most four significant digits: 0.25, -1.5, 1.234e-05."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return str(v)
    return f"{v:.4g}"


def brief(value) -> str:
    """A tensor (or anything else) in a few words: shape, dtype and its first values."""
    if isinstance(value, torch.Tensor):
        flat = value.detach().flatten()
        shown = ", ".join(number(v) for v in flat[:MAX_VALUES].tolist())
        more = ", …" if flat.numel() > MAX_VALUES else ""
        device = "" if value.device.type == "cpu" else f" on {value.device}"
        shape = tuple(value.shape)
        return f"tensor of shape {shape}, {dtype_name(value.dtype)}{device}: [{shown}{more}]"
    if isinstance(value, float):
        return number(value)
    if isinstance(value, (list, tuple)) and len(value) > MAX_VALUES:
        return "[" + ", ".join(brief(v) for v in value[:MAX_VALUES]) + ", …]"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(brief(v) for v in value) + "]"
    return repr(value)


def dtype_name(dtype: torch.dtype) -> str:
    return str(dtype).removeprefix("torch.")


def kind(value) -> str:
    """What a returned value is, in a student's words: 'a tensor', 'a float', 'None'."""
    if value is None:
        return "None"
    if isinstance(value, torch.Tensor):
        return "a tensor"
    name = getattr(value, "type_name", None) or type(value).__name__
    return f"a {name}"


def describe_example(drawn: dict) -> str:
    """The drawn arguments of one example, each in small form."""
    parts = []
    for name, value in drawn.items():
        text = value.describe() if hasattr(value, "describe") else brief(value)
        parts.append(text if hasattr(value, "describe") else f"{name} = {text}")
    return "; ".join(parts)


def report(sentence: str, failure: Feedback | NotImplementedYet, hint: str | None) -> str:
    """The whole message for one failed check."""
    if isinstance(failure, NotImplementedYet):
        return f"not implemented yet: {failure.where}"
    lines = [sentence, f"What went wrong: {failure.message}"]
    if failure.detail:
        lines.append(failure.detail)
    if failure.example:
        lines.append(f"Smallest failing example: {failure.example}")
    if hint:
        lines.append(f"Hint: {hint}")
    return "\n".join(lines)
