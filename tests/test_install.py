"""The course's wheel (`torchkata release --dist`) installs where there is no checkout of the kit
and grades a submission there: a fresh virtualenv, in a folder of its own, with only what the
release built (the wheel and constraints.txt)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile

from classroom import torchkata
from corpus import ROOT
from graders.checks.scoring import points
from graders.instructor import release

EXERCISE = "a2_modules/rmse_loss"
# Nothing of this process's: a PYTHONPATH to the checkout would make pip and python see the kit.
CLEAN = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}


def test_the_wheel_pins_the_constraints_versions():
    pyproject = (ROOT / "pyproject.toml").read_text()
    versions = release.pins((ROOT / "constraints.txt").read_text())
    pinned = release.pinned_pyproject(pyproject, versions)
    assert f'"torch=={versions["torch"]}"' in pinned and '"torch>=' not in pinned
    assert f"\"pyseccomp=={versions['pyseccomp']}; sys_platform == 'linux'\"" in pinned
    assert pinned.count("\n") == pyproject.count("\n")  # nothing else moved


def test_a_fresh_virtualenv_installs_the_wheel_and_grades(tmp_path):
    dist = tmp_path / "dist"
    built = torchkata("release", "--dist", dist)
    assert built.returncode == 0, built.stderr
    wheel = next(dist.glob("torchkata-*-py3-none-any.whl"))
    with tarfile.open(next(dist.glob("torchkata-*.tar.gz"))) as sdist:
        names = sdist.getnames()
    assert any(n.endswith("/graders/grading/service.py") for n in names)
    assert not any("/solutions/" in n or "/tests/" in n for n in names)

    away = tmp_path / "elsewhere"  # no checkout here, nor above
    away.mkdir()
    venv = away / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True, timeout=300)
    install = subprocess.run(
        [venv / "bin" / "pip", "install", "-q", "-c", dist / "constraints.txt", wheel],
        cwd=away,
        env=CLEAN,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert install.returncode == 0, install.stderr[-2000:]
    submission = away / "submission" / "a2_modules"
    submission.mkdir(parents=True)
    (submission / "rmse_loss.py").write_text((ROOT / "solutions" / f"{EXERCISE}.py").read_text())
    graded = subprocess.run(
        [
            venv / "bin" / "torchkata",
            "grade",
            away / "submission",
            "--only",
            EXERCISE,
            "--json",
            away / "report.json",
        ],
        cwd=away,
        env=CLEAN,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert graded.returncode == 0, graded.stderr[-2000:]
    report = json.loads((away / "report.json").read_text())
    assert report["score"] == report["max_score"] == points(EXERCISE)
    where = subprocess.run(
        [venv / "bin" / "python", "-c", "import graders; print(graders.__file__)"],
        cwd=away,
        env=CLEAN,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(venv) in where.stdout  # the installed kit graded, not the checkout
