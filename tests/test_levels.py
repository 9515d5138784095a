"""Confinement changes no honest grade: every correct variant of the corpus gets full marks from
`torchkata grade`'s engine at each sandbox level this machine reaches (as root: namespaces, with
its own user id, cgroup and outside count of autograd; as an unprivileged user: landlock)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from corpus import ROOT, implementation, variant_source, variants
from test_adversarial import unprivileged_python

GRADE_ALL = """
import json, sys
from pathlib import Path
from graders.grading import engine
scores = {}
for line in sys.stdin:
    exercise, folder, name = line.split()
    report = engine.grade(Path(folder), [exercise])
    scores[name] = [report.score, report.max_score, report.sandbox.split(" ")[0].rstrip(":")]
print(json.dumps(scores))
"""


@pytest.fixture(scope="module")
def right_variants(request) -> tuple[Path, list[str]]:
    tmp = Path(tempfile.mkdtemp(prefix="torchkata-levels-"))  # readable by another user
    request.addfinalizer(lambda: shutil.rmtree(tmp, ignore_errors=True))
    os.chmod(tmp, 0o755)
    lines = []
    for variant in variants("right"):
        folder = implementation(
            tmp / variant.id.replace("/", "__"), {variant.exercise: variant_source(variant)}
        )
        lines.append(f"{variant.exercise} {folder} {variant.id}")
    subprocess.run(["chmod", "-R", "a+rX", tmp], check=True)
    return tmp, lines


def test_every_correct_variant_keeps_full_marks_at_every_level(right_variants):
    tmp, lines = right_variants
    if os.geteuid() == 0:
        commands = {"namespaces": [sys.executable], "landlock": unprivileged_python(tmp)}
    else:
        commands = {"landlock": [sys.executable]}
    runs = {
        level: subprocess.Popen(
            [*python, "-c", GRADE_ALL],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=os.environ | {"PYTHONPATH": str(ROOT)},
        )
        for level, python in commands.items()
    }
    for level, run in runs.items():
        out, err = run.communicate("\n".join(lines) + "\n", timeout=1800)
        assert run.returncode == 0, err[-3000:]
        scores = json.loads(out)
        short = {name: s for name, s in scores.items() if s[0] != s[1] or s[2] != level}
        assert not short, (level, short)
        assert len(scores) == len(lines) == len(variants("right"))
