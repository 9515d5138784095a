"""The two ways checks run, and the seed grading draws from.

- student mode (`pytest exercises/`, `torchkata watch`): each run draws STUDENT_EXAMPLES new
  random examples per check, after the failing examples kept from earlier runs (in
  .hypothesis/torchkata/), so a student's runs together try hundreds;
- grading mode (`--grading`, CI=true, `torchkata grade`, a notebook's test cells): each check
  replays GRADING_EXAMPLES examples drawn from a seed, the same ones on every machine and
  install for the same versions of hypothesis and torch, so the same submission always gets the
  same score.

The seed is the course's: TORCHKATA_SEED, set where grading runs (a Gradescope image's
environment, a CI secret) and never in the student repository, so that a table of answers
precomputed from the public draws fails. Without it grading draws from the public seed, which
any student can reproduce at home; `torchkata grade` warns about it. Every report holds a hash of
the seed it was graded with (never the seed).
"""

from __future__ import annotations

import hashlib
import os

STUDENT_EXAMPLES = 20
# Grading mode replays 10 draws after a check's corners: every wrong variant of the corpus
# (tests/corpus) is still rejected with 10 (measured), at half the cost of 20 per submission.
GRADING_EXAMPLES = 10
# The CPU time a check may use in student mode (pytest, watch, a notebook): past it, its worker
# is stopped and the check fails naming the student's function that was running. Grading a
# submission (`torchkata grade`) allows --timeout per exercise instead.
CHECK_SECONDS = 10.0
PUBLIC_SEED = "torchkata"
SEED_VARIABLE = "TORCHKATA_SEED"


def grading_requested(flag: bool = False) -> bool:
    return flag or os.environ.get("CI", "").lower() in ("1", "true", "yes")


def examples(grading: bool, at_most: int | None = None) -> int:
    """How many draws a check replays (after its corners)."""
    count = GRADING_EXAMPLES if grading else STUDENT_EXAMPLES
    return min(at_most or count, count)


def course_seed() -> str:
    """The seed grading draws from: TORCHKATA_SEED where it is set, else the public one."""
    return os.environ.get(SEED_VARIABLE) or PUBLIC_SEED


STUDENT_SEED: str | None = None  # a fixed seed for student mode's draws (the kit's own tests)


def student_seed() -> str:
    """The seed of one student-mode draw: new every time, unless STUDENT_SEED fixes it."""
    return STUDENT_SEED or os.urandom(8).hex()


def seed_hash(seed: str) -> str:
    """What reports say of a seed: enough to tell two apart, nothing to recover it from."""
    return hashlib.sha256(f"torchkata seed\0{seed}".encode()).hexdigest()[:12]


def public(seed: str) -> bool:
    return seed == PUBLIC_SEED
