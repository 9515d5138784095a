"""The small forms values take in what the student reads.

A judge that finds a wrong answer raises CheckFailed (graders.errors, with every other way a
check can fail) with the fields of a result (graders.results): what went wrong, expected
against got in small form, a detail line.
Nothing here prints a whole tensor or a stack frame of the grader's own, and numbers are shown
with as many digits as it takes for two different numbers to look different.
"""

from __future__ import annotations

import math

import torch

MAX_VALUES = 6  # how many entries of a tensor a message shows
MAX_DIGITS = 17  # enough to tell any two float64 apart


def number(v, digits: int = 4) -> str:
    """A number in `digits` significant digits (4 unless more are needed): 0.25, -1.5, 1.234e-05."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return str(v)
    return f"{v:.{digits}g}"


def digits_to_tell_apart(pairs) -> int:
    """The fewest significant digits (at least 4) with which every pair (a, b) of different
    numbers prints differently: "expected 1.834, got 1.834" becomes "1.83412, got 1.83418"."""
    digits = 4
    for a, b in pairs:
        if a != b and not (
            isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b)
        ):
            while digits < MAX_DIGITS and number(a, digits) == number(b, digits):
                digits += 1
    return digits


def brief(value, digits: int = 4) -> str:
    """A tensor (or anything else) in a few words: shape, dtype and its first values."""
    if isinstance(value, torch.Tensor):
        flat = value.detach().flatten()
        shown = ", ".join(number(v, digits) for v in flat[:MAX_VALUES].tolist())
        more = ", …" if flat.numel() > MAX_VALUES else ""
        device = "" if value.device.type == "cpu" else f" on {value.device}"
        shape = tuple(value.shape)
        return f"tensor of shape {shape}, {dtype_name(value.dtype)}{device}: [{shown}{more}]"
    if isinstance(value, float):
        return number(value, digits)
    if isinstance(value, (list, tuple)) and len(value) > MAX_VALUES:
        return "[" + ", ".join(brief(v, digits) for v in value[:MAX_VALUES]) + ", …]"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(brief(v, digits) for v in value) + "]"
    return repr(value)


def brief_pair(expected, got) -> tuple[str, str]:
    """`expected` and `got` in small form, with the digits it takes to see where they differ."""
    pairs = []
    if (
        isinstance(expected, torch.Tensor)
        and isinstance(got, torch.Tensor)
        and expected.shape == got.shape
    ):
        a, b = (
            expected.detach().flatten()[:MAX_VALUES].tolist(),
            got.detach().flatten()[:MAX_VALUES].tolist(),
        )
        pairs = list(zip(a, b))
    elif isinstance(expected, (int, float)) and isinstance(got, (int, float)):
        pairs = [(expected, got)]
    digits = digits_to_tell_apart(pairs)
    return brief(expected, digits), brief(got, digits)


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
