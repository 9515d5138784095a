"""How strong are the graders? Mutation testing of solutions/: a kill rate per exercise.

mutmut's mutation operators (3.x) make small changes to the reference solutions (an operator, a
constant, a dropped argument, a None for a value, ...), each a "mutant". Every mutant is graded
as a student's submission is: written into a copy of solutions/, its exercise's checks run in
grading mode through the check-execution service (graders.grading.service), in the sandboxed worker,
until one fails. A mutant some check rejects is killed; one every check accepts survives. Every
survivor is a missing check, or a mutant that behaves exactly as the solution (an equivalent
mutant): those are listed, with the reason, in benchmarks/mutation-triage.toml, and the goal is
no survivor outside that list.

Only mutmut's mutation generator is used, not its runner: the runner picks the active mutant by
an environment variable and records which tests reach a function in the test process, and
neither reaches the kit's worker (its own process, with an empty environment). Why mutmut's
operators: they made the mutants that found real gaps here (dropped arguments, None, changed
strings and defaults).

    pip install -c constraints.txt -e '.[mutation]'
    python benchmarks/mutation.py [--only a2_modules/rmse_loss] [--survivors]

Too slow for CI (about a minute on two cores). Exit status 1 when a survivor is not triaged,
2 when the unmutated solution does not pass (then every mutant would look killed).
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graders import catalog, results  # noqa: E402
from graders.checks import scoring  # noqa: E402
from graders.grading import service  # noqa: E402
from graders.isolation import launch  # noqa: E402

TRIAGE = Path(__file__).with_name("mutation-triage.toml")
KILLED = {results.FAILED, results.NOT_IMPLEMENTED, results.INTEGRITY}


def mutants(path: Path):
    """(function, mutated source) for every mutant mutmut's operators make of one module;
    `function` is "name", or "Class.method" for a method. mutmut reads its configuration from
    the current folder (a temporary one, made by main)."""
    from libcst import ClassDef
    from mutmut.mutation.file_mutation import create_mutations, deep_replace

    module, mutations, _, _ = create_mutations(str(path), path.read_text())
    owner = {
        id(method): f"{node.name.value}."
        for node in module.body
        if isinstance(node, ClassDef)
        for method in node.body.body
    }
    for m in mutations:
        function = m.contained_by_top_level_function
        name = getattr(getattr(function, "name", None), "value", "<statement>")
        yield (
            owner.get(id(function), "") + name,
            deep_replace(module, m.original_node, m.mutated_node).code,
        )


def grade(exercise: str, folder: Path) -> results.CheckResult | None:
    """The first check of `exercise` that the implementation at `folder` does not pass, graded
    as a submission is (grading mode, no search for a smaller example), or None."""
    session = service.Session(grading=True, keep_failures=False, explain=False)
    runner = service.Runner(exercise, lambda: launch.start(exercise, folder), session)
    grader = catalog.grader(exercise)
    try:
        failed = service.load(runner)
        if failed is not None:
            return service.lost(scoring.checks_of(grader)[0], exercise, failed)
        for chk in scoring.checks_of(grader):
            result = service.run_check(chk, runner)
            if result.status != results.PASSED:
                return result
        return None
    finally:
        runner.close()


def undecorate(path: Path) -> None:
    """mutmut leaves alone functions with decorators other than staticmethod/classmethod:
    `@torch.no_grad()` on a method becomes `name = torch.no_grad()(name)` after it (the same
    behaviour), in the temporary copy only, so that SGD.step is mutated too."""
    lines = path.read_text().splitlines()
    for i in [i for i, line in enumerate(lines) if line == "    @torch.no_grad()"][::-1]:
        name = re.match(r"    def (\w+)\(", lines[i + 1])[1]
        end = next(
            (
                j
                for j in range(i + 2, len(lines))
                if lines[j].strip()
                and not lines[j].startswith("        ")
                and not lines[j].startswith("    )")
            ),
            len(lines),
        )
        lines[end:end] = ["", f"    {name} = torch.no_grad()({name})"]
        del lines[i]
    path.write_text("\n".join(lines) + "\n")


def changed_lines(diff: str, sign: str) -> list[str]:
    """The lines a mutant adds ("+") or removes ("-"), stripped: what the triage file matches."""
    return [
        line[1:].strip()
        for line in diff.splitlines()
        if line.startswith(sign) and not line.startswith(sign * 3)
    ]


def triaged(exercise: str, function: str, diff: str, triage: dict) -> str | None:
    """The reason a survivor is an equivalent mutant, when the triage file lists it."""
    added, removed = changed_lines(diff, "+"), changed_lines(diff, "-")
    for entry in triage.get(exercise, []):
        if (
            entry["function"] == function
            and entry["mutation"] in added
            and ("replaces" not in entry or entry["replaces"] in removed)
        ):
            return entry["reason"]
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", default=[], metavar="ASSIGNMENT/MODULE")
    parser.add_argument(
        "--survivors", action="store_true", help="print every survivor's diff, the triaged ones too"
    )
    args = parser.parse_args()
    import torch

    torch.set_num_threads(1)  # as every front end: the grader's reference sums as the worker's
    triage = tomllib.loads(TRIAGE.read_text()) if TRIAGE.is_file() else {}
    exercises = args.only or list(catalog.EXERCISES)
    print(f"{'exercise':28} mutants  killed  equivalent  surviving  other  kill rate", flush=True)
    untriaged = 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "pyproject.toml").write_text('[tool.mutmut]\nsource_paths = ["solutions/"]\n')
        shutil.copytree(ROOT / "solutions", work / "solutions")
        for path in (work / "solutions").glob("*/*.py"):
            undecorate(path)
        os.chdir(work)
        for exercise in exercises:
            path = Path("solutions", f"{exercise}.py")
            original = path.read_text()
            unmutated = grade(exercise, work / "solutions")
            if unmutated is not None:  # every mutant would look killed
                print(f"{exercise}: the solution fails {unmutated.name}: {unmutated.problem}")
                return 2
            counts, shown = Counter(), []
            for n, (function, source) in enumerate(mutants(path)):
                path.write_text(source)
                try:
                    failure = grade(exercise, work / "solutions")
                finally:
                    path.write_text(original)
                key = f"{exercise}:{function}#{n}"
                diff = "\n".join(
                    difflib.unified_diff(original.splitlines(), source.splitlines(), lineterm="")
                )
                if failure is not None and failure.status in KILLED:
                    counts["killed"] += 1
                    continue
                if failure is not None:  # the grader's own failure: counted apart, listed
                    counts["other"] += 1
                    shown.append((key, f"{failure.status} in {failure.name}", diff))
                    continue
                reason = triaged(exercise, function, diff, triage)
                counts["equivalent" if reason else "surviving"] += 1
                if not reason or args.survivors:
                    shown.append((key, reason or "SURVIVES", diff))
            untriaged += counts["surviving"]
            total = sum(counts.values())
            judged = total - counts["equivalent"]
            rate = counts["killed"] / judged if judged else 1.0
            print(
                f"{exercise:28} {total:7} {counts['killed']:7} {counts['equivalent']:11} "
                f"{counts['surviving']:10} {counts['other']:6}  {rate:8.0%}",
                flush=True,
            )
            for key, verdict, diff in shown:
                print(f"    {key}: {verdict}")
                for line in diff.splitlines():
                    if line[:1] in "+-" and line[:3] not in ("+++", "---"):
                        print(f"        {line}")
    return 1 if untriaged else 0


if __name__ == "__main__":
    sys.exit(main())
