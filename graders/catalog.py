"""The curriculum: every assignment and its exercises, in teaching order, each with its manifest.

graders/curriculum.toml holds one declarative record per exercise (its format is described at
the top of that file): its assignment and name, what it builds on, its contract (each name the
student writes and its type), which of those functions use which, and each check's points.
Everything else derives from it: the order of the tests, release, the notebooks and
docs/graders.md (EXERCISES), the points (graders.checks.scoring), the root causes (`uses`) and
the door's type checks (graders.inside.door). It is read once, at import, in every process: a
worker has read it before it is confined.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from graders.errors import ManifestError

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

MANIFEST = Path(__file__).with_name("curriculum.toml")

# A module staged from a notebook (graders.isolation.notebook_reader) opens each cell with this
# comment and the cell's name, so that a line can be told as the student sees it: in which cell,
# which line.
NOTEBOOK_CELL = "# notebook: "

BASES = ("nn.Module", "autograd.Function", "optim.Optimizer")  # what a contract's class derives
_TYPE = re.compile(r"^(function|method|class\((?P<base>[\w.]+)\))\s*(->\s*(?P<returns>.+))?$")


@dataclass(frozen=True)
class Contract:
    """One name of an exercise's contract: 'function -> Tensor', 'class(nn.Module)', ..."""

    kind: str  # "function", "method" or "class"
    base: str | None = None  # for a class: one of BASES
    returns: str | None = None  # for a function or method: the type, as the manifest writes it

    @classmethod
    def parse(cls, text: str, where: str) -> Contract:
        found = _TYPE.match(text.strip())
        if not found or (found["base"] and found["base"] not in BASES):
            raise ManifestError(
                f"{where}: {text!r} is not 'function -> T', 'method -> T' or 'class(BASE)' "
                f"with BASE one of {', '.join(BASES)}"
            )
        kind = found[1].split("(")[0]
        if kind == "class" and found["returns"]:
            raise ManifestError(f"{where}: a class returns nothing of its own: {text!r}")
        return cls(kind, found["base"], found["returns"] and found["returns"].strip())


@dataclass(frozen=True)
class Exercise:
    """An exercise's record in graders/curriculum.toml."""

    assignment: str
    name: str
    builds_on: tuple[str, ...]
    contract: dict[str, Contract]
    uses: dict[str, tuple[str, ...]]
    points: dict[str, int]  # check name -> points, in the order the grader writes them

    @property
    def id(self) -> str:
        return f"{self.assignment}/{self.name}"


def read(path: Path = MANIFEST) -> list[Exercise]:
    """Every record of the manifest at `path`, in its order; ManifestError if one is malformed."""
    try:
        records = tomllib.loads(path.read_text()).get("exercise", [])
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ManifestError(f"{path}: {e}") from None
    exercises = []
    for i, record in enumerate(records):
        where = f"{path.name}, exercise {i + 1} ({record.get('name', 'no name')})"
        unknown = set(record) - {"assignment", "name", "builds_on", "contract", "uses", "points"}
        if unknown or not {"assignment", "name"} <= set(record):
            raise ManifestError(
                f"{where}: needs assignment and name"
                + (f"; unknown keys {sorted(unknown)}" if unknown else "")
            )
        points = record.get("points", {})
        if not all(type(p) is int and p > 0 for p in points.values()):
            raise ManifestError(f"{where}: every check's points are a positive integer")
        exercises.append(
            Exercise(
                record["assignment"],
                record["name"],
                tuple(record.get("builds_on", ())),
                {
                    name: Contract.parse(text, f"{where}, contract {name}")
                    for name, text in record.get("contract", {}).items()
                },
                {name: tuple(used) for name, used in record.get("uses", {}).items()},
                dict(points),
            )
        )
    ids = [e.id for e in exercises]
    if len(set(ids)) != len(ids):
        raise ManifestError(f"{path.name}: an exercise is listed twice")
    return exercises


RECORDS = {e.id: e for e in read()}
ASSIGNMENTS: dict[str, list[str]] = {}
for _record in RECORDS.values():
    ASSIGNMENTS.setdefault(_record.assignment, []).append(_record.name)
EXERCISES = [f"{a}/{m}" for a, modules in ASSIGNMENTS.items() for m in modules]


def record(exercise: str) -> Exercise:
    """The manifest's record of 'a1_backprop/manual_backprop'."""
    return RECORDS[exercise]


def grader(exercise: str) -> ModuleType:
    """The grader module of 'a1_backprop/manual_backprop'."""
    return importlib.import_module("graders.checks." + exercise.replace("/", "."))
