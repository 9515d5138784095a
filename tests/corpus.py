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

import ast
import shutil
from dataclasses import dataclass
from pathlib import Path

from graders import catalog, launch, service
from graders.results import CheckResult

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus"


@dataclass(frozen=True)
class Variant:
    exercise: str
    path: Path

    @property
    def wrong(self) -> bool:
        return self.path.name.startswith("wrong_")

    def _declared(self, name: str, default):
        tree = ast.parse(self.path.read_text())
        for node in tree.body:
            if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == name:
                return ast.literal_eval(node.value)
        return default

    @property
    def caught_by(self) -> list[str]:
        return list(self._declared("CAUGHT_BY", []))

    @property
    def hints(self) -> dict[str, str]:
        """HINTS: {check: words its shown hint must hold}, where a check has several hints."""
        return dict(self._declared("HINTS", {}))

    @property
    def passes(self) -> list[str]:
        """PASSES: checks this variant must pass (their hints would not fit its mistake)."""
        return list(self._declared("PASSES", []))

    @property
    def id(self) -> str:
        return f"{self.exercise}/{self.path.stem}"


def variants(kind: str) -> list[Variant]:
    """Every variant of the corpus whose name starts with `kind` ('wrong' or 'right')."""
    return [
        Variant(exercise, path)
        for exercise in catalog.EXERCISES
        for path in sorted((CORPUS / exercise).glob(f"{kind}_*.py"))
    ]


def implementation(folder: Path, overrides: dict[str, str] | None = None) -> Path:
    """A folder shaped like exercises/: a copy of solutions/, with some modules' sources
    replaced."""
    shutil.copytree(ROOT / "solutions", folder, ignore=shutil.ignore_patterns("__pycache__"))
    for exercise, source in (overrides or {}).items():
        (folder / f"{exercise}.py").write_text(source)
    return folder


def variant_source(variant: Variant) -> str:
    solution = (ROOT / "solutions" / f"{variant.exercise}.py").read_text()
    return f"{solution}\n\n# ---- variant {variant.path.name} ----\n{variant.path.read_text()}"


def grade_folder(
    folder: Path, exercise: str, grading: bool = True, only=None, explain: bool = True
) -> list[CheckResult]:
    """The checks of one exercise on the implementation at `folder`, through the service every
    front end uses, in a worker forked from this process."""
    session = service.Session(grading=grading, keep_failures=False, explain=explain)
    runner = service.Runner(exercise, lambda: launch.start(exercise, folder), session)
    try:
        return service.check_exercise(catalog.grader(exercise), runner, only)
    finally:
        runner.close()


def grade_variant(variant: Variant, tmp_path: Path) -> list[CheckResult]:
    """A right variant is graded on every check; a wrong one gets grading mode's verdict
    (without the search for a smaller example, which its test does not look at) on the checks
    it names (all its test asserts on). Both keep the corpus fast."""
    folder = implementation(tmp_path / "impl", {variant.exercise: variant_source(variant)})
    if not variant.wrong:
        return grade_folder(folder, variant.exercise)
    return grade_folder(folder, variant.exercise, only=variant.caught_by, explain=False)
