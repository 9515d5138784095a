"""torchkata's graders, in rooms that import downwards only (tests/test_layers.py holds it):

- graders (these modules): the vocabulary every room shares: the curriculum (catalog), drawn
  problems, results and their reports, the ways a check fails (feedback), modes.
- graders.inside: what a worker holds next to the submission: the door, plain data, the
  channel, the "by hand" guards and each exercise's probes. Nothing here knows an answer.
- graders.isolation: reading a submission as untrusted data, and the worker that runs it:
  staging, the source screen, the sandbox, cgroups, uprobes, the zygote and launching.
- graders.checks: what is right: strategies, references computed by torch, comparison and
  tolerances, scoring, and one grader module per exercise.
- graders.grading: running checks, the one path every front end takes (the service), and the
  engine that grades a whole submission.
- graders.instructor: release, the notebooks' writer, grading a class, similarity, `dev`.
- graders.frontends: what students and tools run: the `torchkata` command, the pytest plugin,
  `watch`, the notebooks' checks.
"""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent  # this folder; in a checkout, its parent is the kit's
