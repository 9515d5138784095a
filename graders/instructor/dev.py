"""The contributor's loop: `torchkata dev check`, in a checkout of the kit.

It enforces, for every exercise (or those named), the rules an exercise must keep, and says for
each finding what to do about it:
- the introduction: each solution module's docstring is its exercise's introduction, at least
  40 words, with a worked example (a doctest) that runs as written;
- the release: exercises/, the notebooks and docs/graders.md are what `torchkata release`
  writes from solutions/;
- the manifest (graders/curriculum.toml): the exercise's record gives points to exactly its
  grader's checks, its contract names what the solution defines, its `uses` stay within the
  contracts, and its builds_on is what the solution imports from its siblings, listed earlier;
- the corpus (tests/corpus/<assignment>/<module>/): at least MIN_WRONG wrong and MIN_RIGHT right
  variants; every wrong variant fails one of the checks its CAUGHT_BY names (a variant that
  every check accepts is a warning: probably a mistake no check can see, an equivalent one);
  every right variant gets full marks; every check is failed by some wrong variant;
  no check it runs ends in a grader error.

Variants are graded through the check-execution service (graders.grading.service) in a worker,
as a submission is: a right variant on every check of its exercise, a wrong one on the checks
its CAUGHT_BY names (on every check only when none of those rejects it). tests/test_corpus.py
adds what this does not: the stubs at zero, the device checks conclusive, and what a student
reads (wrong variants on every check, with their explanation). The corpus' format is described
in tests/corpus.py.
"""

from __future__ import annotations

import ast
import doctest
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from graders import catalog, errors, results

MIN_WRONG, MIN_RIGHT = 8, 3
INTRO_WORDS = 40


@dataclass(frozen=True)
class Finding:
    """One rule an exercise breaks, where, and what to do about it."""

    where: str  # a path in the checkout, or an exercise
    problem: str
    fix: str
    warning: bool = False  # reported, but `dev check` still passes

    def __str__(self) -> str:
        kind = "warning" if self.warning else "error"
        return f"{kind}: {self.where}: {self.problem}\n  fix: {self.fix}"


@dataclass(frozen=True)
class Variant:
    """A file of the corpus: wrong_<name>.py (a plausible mistake) or right_<name>.py (a correct
    implementation written differently)."""

    exercise: str
    path: Path

    @property
    def wrong(self) -> bool:
        return self.path.name.startswith("wrong_")

    def declared(self, name: str, default):
        """The literal value the variant assigns to `name` at its top level (CAUGHT_BY, ...)."""
        for node in ast.parse(self.path.read_text()).body:
            if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == name:
                return ast.literal_eval(node.value)
        return default

    @property
    def caught_by(self) -> list[str]:
        return list(self.declared("CAUGHT_BY", []))

    @property
    def id(self) -> str:
        return f"{self.exercise}/{self.path.stem}"


def variants(root: Path, kind: str, exercises=None) -> list[Variant]:
    """Every variant of the corpus under `root` whose name starts with `kind` ('wrong' or
    'right'), exercise by exercise in the curriculum's order."""
    corpus = root / "tests" / "corpus"
    return [
        Variant(exercise, path)
        for exercise in (exercises or catalog.EXERCISES)
        for path in sorted((corpus / exercise).glob(f"{kind}_*.py"))
    ]


def variant_source(root: Path, variant: Variant) -> str:
    """The solution with the variant's definitions appended: they replace the solution's own."""
    solution = (root / "solutions" / f"{variant.exercise}.py").read_text()
    return f"{solution}\n\n# ---- variant {variant.path.name} ----\n{variant.path.read_text()}"


def implementation(root: Path, folder: Path, overrides: dict[str, str] | None = None) -> Path:
    """A folder shaped like exercises/: a copy of solutions/, some modules' sources replaced."""
    shutil.copytree(root / "solutions", folder, ignore=shutil.ignore_patterns("__pycache__"))
    for exercise, source in (overrides or {}).items():
        (folder / f"{exercise}.py").write_text(source)
    return folder


def grade_folder(
    folder: Path, exercise: str, grading: bool = True, only=None, explain: bool = True
) -> list[results.CheckResult]:
    """The checks of one exercise on the implementation at `folder`, through the service every
    front end uses, in a worker forked from this process."""
    from graders.grading import service
    from graders.isolation import launch

    session = service.Session(grading=grading, keep_failures=False, explain=explain)
    runner = service.Runner(exercise, lambda: launch.start(exercise, folder), session)
    try:
        return service.check_exercise(catalog.grader(exercise), runner, only)
    finally:
        runner.close()


def check(
    root: Path, exercises=None, progress: Callable[[str], None] | None = None
) -> list[Finding]:
    """Every finding for the exercises (default: all) of the checkout at `root`."""
    import torch

    torch.set_num_threads(1)  # as every front end: the grader's reference sums as the worker's
    chosen = list(exercises or catalog.EXERCISES)
    progress = progress or (lambda message: None)
    findings = release_findings(root)
    for exercise in chosen:
        progress(exercise)
        findings += placeholder_findings(root, exercise)
        findings += intro_findings(root, exercise)
        findings += manifest_findings(root, exercise)
        try:
            catalog.grader(exercise)
        except errors.ManifestError:
            continue  # manifest_findings said why: no check can run
        findings += corpus_findings(root, exercise)
    return findings


def release_findings(root: Path) -> list[Finding]:
    from graders.instructor import release

    return [
        Finding(
            str(path.relative_to(root)),
            "out of date with solutions/",
            "run `torchkata release` (never edit the released files by hand)",
        )
        for path in release.stale(root)
    ]


def intro_findings(root: Path, exercise: str) -> list[Finding]:
    """The introduction's rules for the exercise's solution module."""
    where = f"solutions/{exercise}.py"
    path = root / where
    if not path.is_file():
        return [Finding(where, "missing", f"write the reference solution of {exercise} there")]
    text = ast.get_docstring(ast.parse(path.read_text()), clean=False) or ""
    found = []
    if len(text.split()) < INTRO_WORDS:
        found.append(
            Finding(
                where,
                f"its docstring (the exercise's introduction) has {len(text.split())} words",
                f"write an introduction of at least {INTRO_WORDS} words: what the exercise "
                "teaches, what to write, a worked example",
            )
        )
    if ">>> " not in text:
        found.append(
            Finding(
                where,
                "its introduction has no worked example",
                "add a doctest (>>> lines and their output) that runs as written",
            )
        )
    test = doctest.DocTestParser().get_doctest(text, {}, exercise, where, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    runner.run(test, out=lambda text: None)
    if runner.failures:
        found.append(
            Finding(
                where,
                f"{runner.failures} of its worked examples do not run as written",
                f"run `python -m doctest -v {where}` and make the output match",
            )
        )
    return found


MANIFEST = "graders/curriculum.toml"


def manifest_findings(root: Path, exercise: str) -> list[Finding]:
    """The exercise's record in graders/curriculum.toml against its files: points for exactly
    the grader's checks, every name of the contract defined by the solution, every name of
    `uses` in a contract, builds_on exactly the siblings the solution imports, each listed
    before it."""
    from graders.checks.scoring import checks_of

    record = catalog.record(exercise)
    fix = f"edit the record of {exercise} in {MANIFEST}"
    try:
        checks = [c.name for c in checks_of(catalog.grader(exercise))]
    except errors.ManifestError as e:
        return [Finding(MANIFEST, str(e), fix)]
    found = []
    extra = [name for name in record.points if name not in checks]
    if extra:
        found.append(
            Finding(MANIFEST, f"{exercise} gives points to checks its grader lacks: {extra}", fix)
        )
    path = root / "solutions" / f"{exercise}.py"
    if not path.is_file():
        return found  # intro_findings says so
    tree = ast.parse(path.read_text())
    defined = _defined(tree)
    missing = [name for name in record.contract if name not in defined]
    if missing:
        found.append(
            Finding(
                MANIFEST,
                f"the contract of {exercise} names {missing}, which solutions/{exercise}.py "
                "does not define",
                f"{fix}, or define them in the solution",
            )
        )
    siblings = {
        e.split("/")[1]: e for e in catalog.EXERCISES if e.split("/")[0] == record.assignment
    }
    for function, used in record.uses.items():
        for name in (function, *used):
            module, _, own = name.rpartition(".")
            other = siblings.get(module)
            if name not in record.contract and not (
                other and own in catalog.record(other).contract
            ):
                found.append(
                    Finding(MANIFEST, f"uses of {exercise} names {name}, in no contract", fix)
                )
    imported = sorted(
        siblings.get(node.module, f"{record.assignment}/{node.module}")
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module
    )
    if sorted(record.builds_on) != imported:
        found.append(
            Finding(
                MANIFEST,
                f"builds_on of {exercise} is {list(record.builds_on)}, but its solution imports "
                f"from {imported}",
                f"{fix}: builds_on lists exactly the siblings it imports",
            )
        )
    order = catalog.EXERCISES
    late = [b for b in record.builds_on if b not in order or order.index(b) > order.index(exercise)]
    if late:
        found.append(
            Finding(MANIFEST, f"{exercise} builds on {late}, which do not come before it", fix)
        )
    public = sorted(name for name in defined if "." not in name and not name.startswith("_"))
    unlisted = [name for name in public if name not in record.contract]
    if unlisted:
        found.append(
            Finding(
                MANIFEST,
                f"solutions/{exercise}.py defines {unlisted}, which its contract does not list: "
                "the door checks no type for them",
                f"{fix}: list them in [exercise.contract]",
                warning=True,
            )
        )
    return found


def _defined(tree: ast.Module) -> set[str]:
    """The names a module defines at its top level (functions, classes, assigned names), and
    its classes' methods as 'Class.method'."""
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        if isinstance(node, ast.ClassDef):
            names.update(
                f"{node.name}.{item.name}"
                for item in node.body
                if isinstance(item, ast.FunctionDef)
            )
        if isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def corpus_findings(root: Path, exercise: str) -> list[Finding]:
    """The corpus' rules for one exercise: sizes, every wrong variant caught for its reason,
    every right one at full marks, every check failed by some wrong variant."""
    from graders.checks.scoring import checks_of

    folder = f"tests/corpus/{exercise}/"
    wrong, right = variants(root, "wrong", [exercise]), variants(root, "right", [exercise])
    found = []
    if len(wrong) < MIN_WRONG or len(right) < MIN_RIGHT:
        found.append(
            Finding(
                folder,
                f"{len(wrong)} wrong and {len(right)} right variants",
                f"grow it to at least {MIN_WRONG} wrong_*.py (each a plausible mistake naming "
                f"in CAUGHT_BY the checks that reject it) and {MIN_RIGHT} right_*.py (correct, "
                "written differently)",
            )
        )
    names = [c.name for c in checks_of(catalog.grader(exercise))]
    graded = grade_folder(root / "solutions", exercise, explain=False)
    lost = sorted(r.name for r in graded if not r.passed)
    if lost:
        found.append(
            Finding(
                f"solutions/{exercise}.py",
                f"the reference solution does not pass {lost}",
                "fix the solution, or the check if it rejects what the contract allows",
            )
        )
    tripped: set[str] = set()
    for variant in wrong + right:
        where = f"{folder}{variant.path.name}"
        with tempfile.TemporaryDirectory() as tmp:
            source = variant_source(root, variant)
            folder_ = implementation(root, Path(tmp) / "impl", {exercise: source})
            # a wrong variant on the checks it names first; on all of them only when none of
            # those rejects it (to tell a check that misses it from a mistake none can see)
            caught = variant.wrong and [n for n in variant.caught_by if n in names]
            graded = grade_folder(folder_, exercise, only=caught or None, explain=False)
            if caught and all(r.passed for r in graded):
                graded = grade_folder(folder_, exercise, explain=False)
        broken = [r.name for r in graded if r.status == results.GRADER_ERROR]
        failed = {r.name for r in graded if not r.passed}
        if broken:
            found.append(
                Finding(
                    where,
                    f"the grader itself failed on it in {broken}",
                    "fix the grader: no answer a student can give may raise inside a judge",
                )
            )
        if not variant.wrong:
            if failed:
                found.append(
                    Finding(
                        where,
                        f"a right variant fails {sorted(failed)}",
                        "fix the variant if it breaks the contract, else the check that rejects "
                        "correct code",
                    )
                )
            continue
        unknown = sorted(set(variant.caught_by) - set(names))
        if unknown or not variant.caught_by:
            found.append(
                Finding(
                    where,
                    f"CAUGHT_BY names unknown checks {unknown}"
                    if unknown
                    else "it names no CAUGHT_BY checks",
                    f"list in CAUGHT_BY the checks of {exercise} that must reject it",
                )
            )
        if not failed:
            found.append(
                Finding(
                    where,
                    "every check accepts it: probably a mistake no check can see (an equivalent "
                    "one)",
                    "make it a mistake that changes what the code does, or delete it",
                    warning=True,
                )
            )
        elif variant.caught_by and not failed & set(variant.caught_by):
            found.append(
                Finding(
                    where,
                    f"none of its CAUGHT_BY checks fails it (it fails {sorted(failed)})",
                    "name the checks that reject it for its mistake in CAUGHT_BY, or make the "
                    "check meant to catch it able to",
                )
            )
        tripped |= failed & set(variant.caught_by)
    for name in names:
        if name not in tripped:
            found.append(
                Finding(
                    f"{exercise}: {name}",
                    "no wrong variant fails this check for its reason: it is not shown able to "
                    "fail",
                    f"add a wrong variant in {folder} that this check rejects, naming it in "
                    "CAUGHT_BY",
                )
            )
    return found


# --- torchkata dev new -------------------------------------------------------------------------

PLACEHOLDER = "TODO(dev new)"  # dev check reports every file that still holds it

SOLUTION = '''"""{assignment} / {name}: {placeholder} one line on what this exercise teaches.

{placeholder} the introduction (at least 40 words): the idea, why it matters, what goes wrong
when it is done wrong. Then a worked example that runs as written (it is a doctest):

    >>> import torch
    >>> torch.relu(torch.tensor([-1.0, 2.0]))
    tensor([0., 2.])

What to implement:

- `{name}(x)`: {placeholder} the contract, to the letter (names, types, what is returned,
  what is raised, what must be left alone).

Run the checks:  pytest exercises/{assignment}/test_{name}.py
"""

import torch


def {name}(x: torch.Tensor) -> torch.Tensor:
    """{placeholder} one sentence: what it returns."""
    # TODO: {placeholder} one line on what to write.
    ### BEGIN SOLUTION
    return torch.relu(x)
    ### END SOLUTION
'''

GRADER = '''"""Grader for {assignment}/{name}.py: {placeholder} one line."""

import torch

from graders.checks import strategies as st
from graders.checks.compare import expect_close
from graders.inside.probes.{assignment} import {name} as probes
from graders.checks.scoring import check

# --- checks --------------------------------------------------------------------------------
# One property per check; the docstring is the sentence the student reads, the hint what to
# do about a failure. The reference is computed by torch, never by solutions/.


@check(
    tests="{name}",
    v=st.values(away_from_zero=False),
    hint="{placeholder} what to do when this check fails.",
)
def value_matches_torch(sub, v):
    """{name}(x) equals torch's answer, with x's shape, dtype and device. {placeholder}"""
    x, _ = v.tensors(sub.device)
    expect_close(sub.run(probes.run_{name}, x), torch.relu(x), "{name}(x)")
'''

PROBES = '''"""Probes of {assignment}/{name}: {placeholder} one line. A probe calls the submission
through the door and returns plain data: what it did, never a verdict."""

from graders.inside.door import call, probe


@probe(returns=object)
def run_{name}(mod, x):
    return call(mod.{name}, x)
'''

WRONG = '''"""Wrong: {placeholder} the plausible mistake this variant makes, in one sentence."""

CAUGHT_BY = ["value_matches_torch"]


def {name}(x):
    return torch.clamp(x, min=0.0) * 2
'''

RIGHT = '''"""Right: {placeholder} how this correct variant differs from the solution."""


def {name}(x):
    return torch.where(x > 0, x, torch.zeros_like(x))
'''

INIT = '''"""{assignment}: {placeholder} the assignment's introduction, at least 40 words: what it
teaches, in what order, and how its exercises build on each other.
"""
'''


def new(root: Path, exercise: str) -> list[Path]:
    """Scaffold a new exercise in the checkout at `root`: its solution, grader, probes and
    corpus (an example of each, every place to write in marked PLACEHOLDER), and its record in
    graders/curriculum.toml (its contract and its check's points, which dev check holds to the
    files as they grow; a new assignment gets its folders and introduction too). Returns the
    files written. Then `torchkata release` writes the stub, its test file, the notebook cell,
    docs/graders.md and the Classroom step, and `torchkata dev check` lists what is left."""
    assignment, _, name = exercise.partition("/")
    if not (assignment.isidentifier() and name.isidentifier() and name.islower()):
        raise ValueError(f"not ASSIGNMENT/NAME in snake_case: {exercise!r}")
    if exercise in catalog.EXERCISES:
        raise ValueError(f"{exercise} is already an exercise of {MANIFEST}")
    fields = {"assignment": assignment, "name": name, "placeholder": PLACEHOLDER}
    files = {
        f"solutions/{exercise}.py": SOLUTION,
        f"graders/checks/{exercise}.py": GRADER,
        f"graders/inside/probes/{exercise}.py": PROBES,
        f"tests/corpus/{exercise}/wrong_example.py": WRONG,
        f"tests/corpus/{exercise}/right_example.py": RIGHT,
    }
    if assignment not in catalog.ASSIGNMENTS:
        files[f"solutions/{assignment}/__init__.py"] = INIT
        files[f"graders/checks/{assignment}/__init__.py"] = '"""The graders of {assignment}."""\n'
        files[f"graders/inside/probes/{assignment}/__init__.py"] = '"""Probes of {assignment}."""\n'
    taken = [path for path in files if (root / path).exists()]
    if taken:
        raise ValueError(f"{taken[0]} already exists: nothing written")
    written = []
    for path, template in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(template.format(**fields))
        written.append(root / path)
    _add_to_manifest(root / MANIFEST, assignment, name)
    return [*written, root / MANIFEST]


RECORD = """
[[exercise]]
assignment = "{assignment}"
name = "{name}"
builds_on = []

[exercise.contract]
{name} = "function -> Tensor"

[exercise.points]
value_matches_torch = 1
"""


def _add_to_manifest(path: Path, assignment: str, name: str) -> None:
    """Add the new exercise's record to graders/curriculum.toml, after the last record of its
    assignment (a new assignment last of all): the order of the records is the teaching order."""
    blocks = path.read_text().split("\n[[exercise]]")
    ours = [i for i, block in enumerate(blocks) if f'\nassignment = "{assignment}"\n' in block]
    at = ours[-1] + 1 if ours else len(blocks)
    record = RECORD.format(assignment=assignment, name=name).removeprefix("\n[[exercise]]")
    blocks.insert(at, record if at < len(blocks) else record.rstrip("\n"))
    text = "\n[[exercise]]".join(blocks)
    path.write_text(text if text.endswith("\n") else text + "\n")


def placeholder_findings(root: Path, exercise: str) -> list[Finding]:
    """Every file of the exercise that still holds dev new's placeholder."""
    assignment = exercise.split("/")[0]
    paths = [
        f"solutions/{exercise}.py",
        f"solutions/{assignment}/__init__.py",
        f"graders/checks/{exercise}.py",
        f"graders/inside/probes/{exercise}.py",
        *(
            str(p.relative_to(root))
            for p in sorted((root / "tests" / "corpus" / exercise).glob("*.py"))
        ),
    ]
    return [
        Finding(
            path,
            f"still holds the scaffold's {PLACEHOLDER}",
            f"write what the {PLACEHOLDER} line asks for, and remove the marker",
        )
        for path in paths
        if (root / path).is_file() and PLACEHOLDER in (root / path).read_text()
    ]
