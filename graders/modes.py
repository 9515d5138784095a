"""The two ways checks run, as two named hypothesis profiles.

- student: random exploration, a different sample every run, and hypothesis' example database
  on (in .hypothesis/), so a failing example is tried first on the next run.
- grading: derandomized (the same examples for the same grader and library versions), a
  fixed number of examples, no database: the same submission always gets the same score.

Grading mode is on with `--grading`, or when the environment has CI=true. (Hypothesis loads a
built-in profile called "ci" by itself when CI is set; the kit names its own profiles and
loads them explicitly, per check, so that one never decides a score.)
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Verbosity, settings

STUDENT = "torchkata-student"
GRADING = "torchkata-grading"
# Examples per check (after its corners), unless a check asks for fewer. Student mode explores:
# 20 new random examples on every run, so a student's runs together try hundreds. Grading mode
# replays one fixed set: 10 derandomized draws, with which every wrong variant of the corpus
# (tests/corpus) is still rejected (measured), at half the cost of 20 for every submission.
STUDENT_EXAMPLES = 20
GRADING_EXAMPLES = 10
# A check's time limit in student mode (pytest exercises/, torchkata watch): past it, the check
# is stopped and fails naming the student's function that was running. The engine has its own,
# per exercise.
CHECK_SECONDS = 10.0

_common = dict(
    deadline=None,  # a submission's first call may be slow; time limits belong to the engine
    suppress_health_check=list(HealthCheck),  # a slow submission is not a grader error
    verbosity=Verbosity.quiet,  # feedback is written by graders.feedback, not printed by hypothesis
    report_multiple_bugs=False,  # one failure, shrunk, per check
    print_blob=False,
)
# Both profiles start from hypothesis' own "default" profile, never from whatever profile is loaded
# at import time: under CI=true that is hypothesis' "ci" profile, which would derandomize the
# student profile too.
_default = settings.get_profile("default")
settings.register_profile(STUDENT, parent=_default, max_examples=STUDENT_EXAMPLES, **_common)
settings.register_profile(
    GRADING,
    parent=_default,
    max_examples=GRADING_EXAMPLES,
    derandomize=True,
    database=None,
    **_common,
)


def grading_requested(flag: bool = False) -> bool:
    return flag or os.environ.get("CI", "").lower() in ("1", "true", "yes")


def profile(grading: bool) -> settings:
    return settings.get_profile(GRADING if grading else STUDENT)
