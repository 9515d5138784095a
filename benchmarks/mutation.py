"""How strong are the graders? Mutation testing of solutions/ with mutmut: a kill rate per exercise.

mutmut (3.x) makes small changes to the reference solutions (an operator, a constant, a dropped
argument, a None for a value, ...), each a "mutant", and runs each exercise's own student test
in grading mode (`pytest exercises/... --impl solutions --grading`) against it. A mutant the
checks reject is killed; one they accept survives. Every survivor is a missing check, or a
mutant that behaves exactly as the solution (an equivalent mutant): those are listed, with the
reason, in benchmarks/mutation-triage.toml, and the goal is no survivor outside that list.

Why mutmut rather than cosmic-ray: mutmut forks every mutant's run from one process that has
already imported torch and the graders, and runs only the tests that reach the mutated
function, so all thirteen modules take minutes instead of the better part of an hour; and it
makes the mutants that found real gaps here (dropped arguments, None, changed strings and
defaults). It picks the active mutant by the module's name, so the kit imports solutions/
under its real dotted name when TORCHKATA_IMPORT_AS=solutions (graders/probe.py).

    pip install -c constraints.txt -e '.[mutation]'
    python benchmarks/mutation.py [--only a2_modules/rmse_loss] [--survivors]

Too slow for CI (about 3 minutes on two cores). Exit status 1 when a survivor is not triaged.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent
TRIAGE = Path(__file__).with_name("mutation-triage.toml")
CONFIG = """
[tool.mutmut]
source_paths = ["solutions/"]
only_mutate = {only}
also_copy = ["graders/", "exercises/", "conftest.py"]
pytest_add_cli_args_test_selection = ["exercises/"]
pytest_add_cli_args = ["--impl", "solutions", "--grading", "-p", "no:cacheprovider"]
"""
KILLED = {
    1,
    3,
}  # pytest's exit codes for failed tests and for an error inside them (mutmut reads them so)


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


def triaged(exercise: str, key: str, diff: str, triage: dict) -> str | None:
    """The reason a survivor is an equivalent mutant, when the triage file lists it."""
    name = key.rsplit(".", 1)[-1].split("__mutmut_")[0]  # x_backward, or xǁSGDǁstep for a method
    function = ".".join(name.split("ǁ")[1:]) if "ǁ" in name else name.removeprefix("x_")
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
    triage = tomllib.loads(TRIAGE.read_text()) if TRIAGE.is_file() else {}
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name in files:
            if (ROOT / name).is_file():
                (work / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / name, work / name)
        only = [f"solutions/{o}.py" for o in args.only] or ["solutions/*"]
        with open(work / "pyproject.toml", "a") as f:
            f.write(CONFIG.format(only=json.dumps(only)))
        for path in (work / "solutions").glob("*/*.py"):
            undecorate(path)
        mutmut = [
            sys.executable,
            "-c",
            "import sys; from mutmut.__main__ import cli; sys.exit(cli())",
        ]
        env = os.environ | {"TORCHKATA_IMPORT_AS": "solutions", "CI": "true"}
        subprocess.run([*mutmut, "run"], cwd=work, env=env, check=True, stdout=subprocess.DEVNULL)
        print(f"{'exercise':28} mutants  killed  equivalent  surviving  other  kill rate")
        untriaged = 0
        for meta in sorted((work / "mutants" / "solutions").glob("*/*.py.meta")):
            codes = json.loads(meta.read_text())["exit_code_by_key"]
            exercise = (
                meta.relative_to(work / "mutants" / "solutions").as_posix().removesuffix(".py.meta")
            )
            if not codes:
                continue
            counts, shown = Counter(), []
            for key, code in sorted(codes.items()):
                if code in KILLED:
                    counts["killed"] += 1
                    continue
                if code != 0:
                    counts["other"] += 1  # a timeout or a crash of the run: counted apart, listed
                    shown.append((key, f"exit code {code}", None))
                    continue
                diff = subprocess.run(
                    [*mutmut, "show", key], cwd=work, env=env, capture_output=True, text=True
                ).stdout
                reason = triaged(exercise, key, diff, triage)
                counts["equivalent" if reason else "surviving"] += 1
                if not reason or args.survivors:
                    shown.append((key, reason or "SURVIVES", diff))
            untriaged += counts["surviving"]
            judged = len(codes) - counts["equivalent"]
            rate = counts["killed"] / judged if judged else 1.0
            print(
                f"{exercise:28} {len(codes):7} {counts['killed']:7} {counts['equivalent']:11} "
                f"{counts['surviving']:10} {counts['other']:6}  {rate:8.0%}"
            )
            for key, verdict, diff in shown:
                print(f"    {key}: {verdict}")
                for line in (diff or "").splitlines():
                    if line[:1] in "+-" and line[:3] not in ("+++", "---"):
                        print(f"        {line}")
    return 1 if untriaged else 0


if __name__ == "__main__":
    sys.exit(main())
