"""Grading a class: `torchkata grade-batch` against the naive way, like for like.

Builds a synthetic class (complete, partial, stub and wrong submissions in turn, see
tests/classroom.py) and grades it twice for each degree of parallelism P (1, then --workers):
with `grade-batch --workers P`, and the naive way, P fresh `pytest exercises/ --impl STUDENT
--grading` processes at a time, one per student. It checks the scores (every complete
submission full marks, every partial, stub and wrong one less), and prints submissions per
minute for both and their ratio at each P, and the engine's seconds of one worker per
submission by kind (from the reports, the class's first submission left out: it pays once for
drawing the examples and computing the references that every later one reuses).

Goal (issue 15): at most 1 s of one worker per complete submission on a 2-core machine.

    python benchmarks/grading.py [--students 24] [--workers 2] [--naive N]

--naive N times the naive way on the first N students only (they cycle through the four kinds,
so a multiple of 4 keeps the mix) and scales it to the class; the default is every student.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import classroom  # noqa: E402

KINDS = ("complete", "partial", "stub", "wrong")
GOAL = 1.0


def engine(folder: Path, out: Path, workers: int, env: dict) -> tuple[float, dict]:
    """grade-batch's wall time and its reports."""
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "graders.frontends.cli",
            "grade-batch",
            folder,
            "--out",
            out,
            "--workers",
            str(workers),
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    elapsed = time.perf_counter() - start
    return elapsed, {p.stem: json.loads(p.read_text()) for p in (out / "students").glob("*.json")}


def naive(folder: Path, names: list[str], parallel: int, env: dict) -> float:
    """The wall time of one fresh grading-mode pytest per student, `parallel` at a time."""

    def one(name):
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "exercises/",
                "--impl",
                str(folder / name),
                "-q",
                "-p",
                "no:cacheprovider",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
        )

    start = time.perf_counter()
    with ThreadPoolExecutor(parallel) as pool:
        list(pool.map(one, names))
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=24)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--naive", type=int, default=None, metavar="N")
    args = parser.parse_args()
    env = os.environ | {"CI": "true"}
    per_kind: dict[str, list[float]] = {k: [] for k in KINDS}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "class"
        kinds = classroom.mixed_class(folder, args.students)
        first = min(kinds)
        print(
            f"class: {args.students} submissions "
            f"({', '.join(f'{k} {list(kinds.values()).count(k)}' for k in KINDS)})"
        )
        for parallel in dict.fromkeys((1, args.workers)):
            engine_s, reports = engine(folder, Path(tmp) / f"grades-{parallel}", parallel, env)
            unexpected = [
                n
                for n, r in reports.items()
                if (kinds[n] == "complete") != (r["score"] == r["max_score"])
            ]
            if unexpected or len(reports) != args.students:
                sys.exit(
                    f"grade-batch graded {len(reports)} of {args.students}; "
                    f"unexpected scores for {sorted(unexpected)}"
                )
            if parallel == 1:
                for name, report in reports.items():
                    if name != first:
                        per_kind[kinds[name]].append(report["seconds"])
            sample = sorted(kinds)[: args.naive or args.students]
            naive_s = naive(folder, sample, parallel, env) * args.students / len(sample)
            scaled = f" (timed on {len(sample)}, scaled)" if len(sample) < args.students else ""
            per_min = lambda s: 60 * args.students / s  # noqa: E731
            print(
                f"{parallel} at a time: grade-batch --workers {parallel} {engine_s:6.1f} s "
                f"({per_min(engine_s):5.1f}/min); "
                f"naive, {parallel} pytest at a time {naive_s:6.1f} s "
                f"({per_min(naive_s):5.1f}/min){scaled}; ratio {naive_s / engine_s:.1f}x"
            )
    print(
        "seconds of one worker per submission "
        "(grade-batch --workers 1, median, first submission left out): "
        + ", ".join(f"{k} {statistics.median(v):.2f}" for k, v in per_kind.items() if v)
    )
    complete = statistics.median(per_kind["complete"]) if per_kind["complete"] else float("nan")
    print(f"complete submission: {complete:.2f} s of one worker (goal: at most {GOAL:g} s)")
    return 0 if complete <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
