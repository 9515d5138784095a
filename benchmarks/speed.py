"""How long the kit makes people wait, next to the cost of importing torch.

Times, in one run, each against a bare `python -c "import torch"` (the median of --repeat):
- the whole kit in grading mode, `pytest exercises/ --impl solutions` (goal: ratio under 3);
- one exercise in student mode, `pytest exercises/a1_backprop/test_manual_backprop.py
  --impl solutions`, a fresh process as a student runs it (goal: ratio at most 2);
- the `torchkata watch` round trip: from saving manual_backprop.py (the reference solution) to
  its verdict on the screen, the median of --saves saves (goal: ratio under 0.5).
Exit status 1 when a goal is missed.

    python benchmarks/speed.py [--repeat 5] [--saves 10]
"""

from __future__ import annotations

import argparse
import os
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXERCISE = "a1_backprop/manual_backprop"
GOALS = {"grading": 3.0, "one exercise": 2.0, "watch": 0.5}


def seconds(command: list[str], env: dict) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return elapsed


def read_until(process: subprocess.Popen, marker: str, timeout: float) -> str:
    """The watcher's output up to and including the first line that starts with `marker`
    (read from the pipe unbuffered, so that select sees every byte not yet read)."""
    seen, deadline = b"", time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not select.select([process.stdout], [], [], max(0.0, deadline - time.monotonic()))[0]:
            break
        chunk = os.read(process.stdout.fileno(), 1 << 16)
        if not chunk:
            break
        seen += chunk
        complete = seen.decode(errors="replace").split("\n")[:-1]  # lines that have ended
        if any(line.startswith(marker) for line in complete):
            return seen.decode(errors="replace")
    process.kill()
    sys.exit(
        f"torchkata watch printed no line starting with {marker!r} within {timeout:g} s:\n"
        f"{seen.decode(errors='replace')[-2000:]}"
    )


def watch_round_trips(saves: int) -> list[float]:
    """Start `torchkata watch` on a copy of the stubs, then save the reference solution of
    EXERCISE `saves` times (each a new version of the file) and time each verdict."""
    solution = (ROOT / "solutions" / f"{EXERCISE}.py").read_text()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "exercises"
        shutil.copytree(
            ROOT / "exercises",
            folder,
            ignore=shutil.ignore_patterns("test_*", "conftest.py", "__pycache__"),
        )
        command = [
            sys.executable,
            "-u",
            "-c",
            "import sys; from graders.frontends.cli import main; sys.exit(main())",
            "watch",
            str(folder),
        ]
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        try:
            read_until(process, "(watching exercises/", timeout=300)
            times = []
            for i in range(saves):
                time.sleep(0.5)  # let the watcher settle, as between a student's saves
                start = time.perf_counter()
                (folder / f"{EXERCISE}.py").write_text(f"{solution}\n# save {i}\n")
                verdict = read_until(process, f"✓ {EXERCISE}", timeout=120)
                times.append(time.perf_counter() - start)
                if "✗" in verdict:
                    sys.exit(f"the reference solution failed under watch:\n{verdict}")
            return times
        finally:
            process.terminate()
            process.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--saves", type=int, default=10)
    args = parser.parse_args()
    student = {k: v for k, v in os.environ.items() if k != "CI"}
    bare = [sys.executable, "-c", "import torch"]
    pytest = [sys.executable, "-m", "pytest", "--impl", "solutions", "-q", "-p", "no:cacheprovider"]
    seconds(bare, student)  # warm the file cache once
    import_s = statistics.median(seconds(bare, student) for _ in range(args.repeat))
    measured = {
        "grading": statistics.median(
            seconds([*pytest, "exercises/"], student | {"CI": "true"}) for _ in range(args.repeat)
        ),
        "one exercise": statistics.median(
            seconds([*pytest, f"exercises/{EXERCISE.replace('/', '/test_')}.py"], student)
            for _ in range(args.repeat)
        ),
        "watch": statistics.median(watch_round_trips(args.saves)),
    }
    what = {
        "grading": "pytest exercises/ --impl solutions (grading mode)",
        "one exercise": f"pytest one exercise ({EXERCISE}, student mode)",
        "watch": f"torchkata watch: save -> verdict (median of {args.saves})",
    }
    print(f"{'import torch':58} {import_s:6.2f} s  (median of {args.repeat})")
    missed = 0
    for name, value in measured.items():
        ratio = value / import_s
        missed += ratio >= GOALS[name] if name != "one exercise" else ratio > GOALS[name]
        print(
            f"{what[name]:58} {value:6.2f} s  ratio {ratio:5.2f}  "
            f"(goal: {'at most' if name == 'one exercise' else 'under'} {GOALS[name]:g})"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
