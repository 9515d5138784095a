"""Grading a class: `torchkata grade-batch` against the naive way, one fresh pytest per student.

Builds a synthetic class (complete, partial, stub and wrong submissions in turn, see
tests/classroom.py), grades it with `grade-batch --workers W` and then the naive way
(`pytest exercises/ --impl STUDENT --grading` in a new process per student), and prints
submissions per minute for both, their ratio, and the engine's seconds per complete
submission. Goals (issue 5): at least 10x the naive way on a 2-core machine, and under 1 s
per complete submission.

    python benchmarks/grading.py [--students 50] [--workers 2] [--naive N]

--naive N times the naive way on the first N students only (they cycle through the four kinds,
so a multiple of 4 keeps the mix) and scales it to the class; the default is every student.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import classroom  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=50)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--naive", type=int, default=None, metavar="N")
    args = parser.parse_args()
    env = os.environ | {"CI": "true"}
    with tempfile.TemporaryDirectory() as tmp:
        kinds = classroom.mixed_class(Path(tmp) / "class", args.students)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "graders.cli", "grade-batch", Path(tmp) / "class", "--out", Path(tmp) / "grades", "--workers", str(args.workers)], cwd=ROOT, env=env, check=True, capture_output=True)
        engine_s = time.perf_counter() - start
        reports = {p.stem: json.loads(p.read_text()) for p in (Path(tmp) / "grades" / "students").glob("*.json")}
        per_kind = {k: [r["seconds"] for name, r in reports.items() if kinds[name] == k] for k in ("complete", "partial", "stub", "wrong")}
        complete = per_kind["complete"]
        wrong_scores = [name for name, r in reports.items() if (kinds[name] == "complete") != (r["score"] == r["max_score"]) and kinds[name] != "wrong"]
        if wrong_scores or len(reports) != args.students:
            sys.exit(f"grade-batch graded {len(reports)} of {args.students}; unexpected scores for {wrong_scores}")

        sample = sorted(kinds)[: args.naive or args.students]
        start = time.perf_counter()
        for name in sample:
            subprocess.run([sys.executable, "-m", "pytest", "exercises/", "--impl", str(Path(tmp) / "class" / name), "-q", "-p", "no:cacheprovider"], cwd=ROOT, env=env, capture_output=True)
        naive_s = (time.perf_counter() - start) * args.students / len(sample)

    per_min = lambda s: 60 * args.students / s  # noqa: E731
    print(f"class: {args.students} submissions ({', '.join(f'{k} {list(kinds.values()).count(k)}' for k in ('complete', 'partial', 'stub', 'wrong'))})")
    print(f"grade-batch --workers {args.workers}: {engine_s:7.1f} s  {per_min(engine_s):7.1f} submissions/min")
    scaled = f" (timed on {len(sample)}, scaled)" if len(sample) < args.students else ""
    print(f"naive (pytest per student):  {naive_s:7.1f} s  {per_min(naive_s):7.1f} submissions/min{scaled}")
    print(f"ratio: {naive_s / engine_s:.1f}x (goal: at least 10x)")
    print("seconds per submission, by kind (each graded while another worker ran): " + ", ".join(f"{k} {sum(v) / len(v):.2f}" for k, v in per_kind.items() if v))
    print(f"complete submission, one worker: {sum(complete) / len(complete):.2f} s on average; wall time per complete submission in the batch: {engine_s / args.students:.2f} s average over the mix (goal: under 1 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
