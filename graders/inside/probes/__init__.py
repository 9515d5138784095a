"""The probes: what runs in the worker, next to the submission, and nothing else of the kit's.

One module per exercise (graders/inside/probes/<assignment>/<exercise>.py) holds its probes, each a
small function declared with `@probe(returns=...)` that calls the submission through the door
(graders.inside.door.call) and returns plain data: what the submission did, never a verdict. Its
`RULES` (graders.inside.guards) are the exercise's "by hand" rules, which the worker installs before
the submission is imported. A probe module imports no reference, judge or tolerance: nothing
in the worker knows an answer, so a submission that reaches the probes (their code runs where
its code runs) finds nothing it could not have computed itself.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from graders.inside import guards
from graders.inside.door import is_probe


def module(exercise: str) -> ModuleType:
    """The probe module of 'a1_backprop/manual_backprop'."""
    return importlib.import_module("graders.inside.probes." + exercise.replace("/", "."))


def table(exercise: str) -> dict:
    """The exercise's probes by name: all that a worker serving it may run."""
    return {name: fn for name, fn in vars(module(exercise)).items() if is_probe(fn)}


def rules(exercise: str) -> guards.Rules:
    """The exercise's "by hand" rules (graders.inside.guards), or none."""
    return getattr(module(exercise), "RULES", guards.FREE)
