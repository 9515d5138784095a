"""How long grading takes, next to the cost of importing torch.

Times, in one run, a bare `python -c "import torch"` and a full grading-mode
`pytest exercises/ --impl solutions`, each the median of --repeat runs, and prints both and
their ratio. The kit's goal: the ratio stays under 3 on a 2-core machine.

    python benchmarks/speed.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL = 3.0


def seconds(command: list[str], env: dict) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    env = os.environ | {"CI": "true"}
    bare = [sys.executable, "-c", "import torch"]
    grading = [sys.executable, "-m", "pytest", "exercises/", "--impl", "solutions", "-q", "-p", "no:cacheprovider"]
    seconds(bare, env)  # warm the file cache once
    import_s = statistics.median(seconds(bare, env) for _ in range(args.repeat))
    grade_s = statistics.median(seconds(grading, env) for _ in range(args.repeat))
    ratio = grade_s / import_s
    print(f"import torch                          {import_s:6.2f} s  (median of {args.repeat})")
    print(f"pytest exercises/ --impl solutions    {grade_s:6.2f} s  (grading mode, median of {args.repeat})")
    print(f"ratio                                 {ratio:6.2f}    (goal: under {GOAL})")
    return 0 if ratio < GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
