"""The corpus of variant implementations, and how one is graded.

tests/corpus/<assignment>/<module>/ holds small files, each a variant of the solution:
- wrong_<name>.py: a plausible mistake. It must be rejected, and at least one of the checks
  named in its CAUGHT_BY list must be among the failed ones (so we know *why* it is caught).
- right_<name>.py: a correct implementation written differently. It must get full marks.

A wrong variant may also say what a student reads about it: HINTS ({check: words the shown hint
holds}) where a check has more than one hint, and PASSES (checks it must pass: their hints would
not fit its mistake).

A variant holds only what differs from the solution: its definitions are appended to the
solution's source, so they replace the solution's functions or classes of the same name (and
the solution's other functions call them, as a student's would).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graders.instructor import dev
from graders.instructor.dev import grade_folder  # noqa: F401 - the tests grade folders with it

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus"


@dataclass(frozen=True)
class Variant(dev.Variant):
    """graders.instructor.dev's variant, with what a student reads about it."""

    @property
    def hints(self) -> dict[str, str]:
        """HINTS: {check: words its shown hint must hold}, where a check has several hints."""
        return dict(self.declared("HINTS", {}))

    @property
    def passes(self) -> list[str]:
        """PASSES: checks this variant must pass (their hints would not fit its mistake)."""
        return list(self.declared("PASSES", []))


def variants(kind: str) -> list[Variant]:
    """Every variant of the corpus whose name starts with `kind` ('wrong' or 'right')."""
    return [Variant(v.exercise, v.path) for v in dev.variants(ROOT, kind)]


def implementation(folder: Path, overrides: dict[str, str] | None = None) -> Path:
    """A folder shaped like exercises/: a copy of solutions/, with some modules' sources
    replaced."""
    return dev.implementation(ROOT, folder, overrides)


def variant_source(variant: Variant) -> str:
    return dev.variant_source(ROOT, variant)
