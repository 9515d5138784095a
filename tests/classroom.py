"""Synthetic submissions and classes, for the engine's tests and benchmarks/grading.py.

Each kind of submission is a folder shaped like exercises/, built from solutions/, the stubs
in exercises/ and the corpus of wrong variants, or one of tests/adversarial.py's attacks.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from corpus import ROOT, implementation, variant_source, variants
from graders import catalog

VICTIM = "a1_backprop/manual_backprop"


def torchkata(*args, cwd=ROOT) -> subprocess.CompletedProcess:
    """The torchkata command, run as a user runs it, from the kit's own folder by default."""
    return subprocess.run(
        [sys.executable, "-m", "graders.frontends.cli", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


def complete(folder: Path) -> Path:
    return implementation(folder)


def stub(folder: Path) -> Path:
    shutil.copytree(
        ROOT / "exercises", folder, ignore=shutil.ignore_patterns("__pycache__", "test_*.py")
    )
    return folder


def partial(folder: Path, done: int = 6) -> Path:
    """The first `done` exercises solved, the rest still stubs, the last one missing."""
    stub(folder)
    for exercise in catalog.EXERCISES[:done]:
        shutil.copy(ROOT / "solutions" / f"{exercise}.py", folder / f"{exercise}.py")
    (folder / f"{catalog.EXERCISES[-1]}.py").unlink()
    return folder


def wrong(folder: Path, index: int = 0) -> Path:
    """A complete submission with one mistake from the corpus (chosen by index)."""
    pool = variants("wrong")
    variant = pool[index * 37 % len(pool)]
    return implementation(folder, {variant.exercise: variant_source(variant)})


def hostile(folder: Path, source: str) -> Path:
    """A complete submission whose manual_backprop.py is replaced by `source` (an attack of
    tests/adversarial.py)."""
    return implementation(folder, {VICTIM: source})


def mixed_class(folder: Path, n: int) -> dict[str, str]:
    """A class of n students cycling through complete, partial, stub and wrong submissions."""
    kinds = {}
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        kind = ["complete", "partial", "stub", "wrong"][i % 4]
        name = f"student{i:03d}"
        target = folder / name
        if kind == "wrong":
            wrong(target, i)
        else:
            {"complete": complete, "partial": partial, "stub": stub}[kind](target)
        kinds[name] = kind
    return kinds
