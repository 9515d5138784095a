"""`torchkata release`: solutions/ is the single source of truth for exercises/."""

import shutil
import subprocess
import sys

import pytest

from corpus import ROOT
from graders import catalog, errors
from graders.instructor import release

SOLUTION = '''"""Doc."""

import torch


class Net:
    def forward(self, x):
        """Return 2 x."""
        # TODO: double it.
        ### BEGIN SOLUTION
        y = 2 * x
        return y
        ### END SOLUTION


def helper(x):
    ### BEGIN SOLUTION
    return x
    ### END SOLUTION
'''


def test_exercises_are_up_to_date_with_solutions():
    assert release.stale(ROOT) == [], "exercises/ is out of date: run `torchkata release`"


def test_a_stub_keeps_everything_but_the_solution():
    stub = release.stub(SOLUTION, "x.py")
    assert 'raise NotImplementedError("Net.forward: replace this line with your code")' in stub
    assert 'raise NotImplementedError("helper: replace this line with your code")' in stub
    assert '"""Return 2 x."""' in stub and "# TODO: double it." in stub and "import torch" in stub
    assert "2 * x" not in stub and "SOLUTION" not in stub
    compile(stub, "stub.py", "exec")


@pytest.mark.parametrize(
    "broken, says",
    [
        ("### END SOLUTION\n", "without"),
        ("def f():\n    ### BEGIN SOLUTION\n    pass\n", "never closed"),
        ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n", "inside another"),
    ],
)
def test_unbalanced_markers_are_an_error_with_a_line_number(broken, says):
    with pytest.raises(errors.ReleaseError, match=says):
        release.stub(broken, "x.py")


@pytest.mark.parametrize("exercise", catalog.EXERCISES)
def test_released_stubs_hold_no_solution_code(exercise):
    solution = (ROOT / "solutions" / f"{exercise}.py").read_text()
    stub = (ROOT / "exercises" / f"{exercise}.py").read_text()
    region = solution.split(release.BEGIN)[1].split(release.END)[0]
    assert region.strip() and region not in stub
    assert release.BEGIN not in stub and "NotImplementedError" in stub


def test_release_check_fails_when_stale_and_release_fixes_it(tmp_path):
    kit = tmp_path / "kit"
    for folder in ("solutions", "exercises"):
        shutil.copytree(ROOT / folder, kit / folder, ignore=shutil.ignore_patterns("__pycache__"))
    solution = kit / "solutions" / "a1_backprop" / "manual_backprop.py"
    solution.write_text(
        solution.read_text().replace(
            "Return relu(x @ w1) @ w2", "Return relu(x @ w1) @ w2 (edited)"
        )
    )
    cli = [sys.executable, "-m", "graders.frontends.cli", "release", "--root", str(kit)]
    check = subprocess.run(cli + ["--check"], capture_output=True, text=True, cwd=ROOT)
    assert check.returncode == 1 and "exercises/a1_backprop/manual_backprop.py" in check.stdout
    assert subprocess.run(cli, capture_output=True, cwd=ROOT).returncode == 0
    assert subprocess.run(cli + ["--check"], capture_output=True, cwd=ROOT).returncode == 0
    assert "(edited)" in (kit / "exercises" / "a1_backprop" / "manual_backprop.py").read_text()


def test_release_without_solutions_says_so(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "graders.frontends.cli", "release", "--root", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert out.returncode == 2 and "no solutions/ folder" in out.stderr


def test_release_refuses_another_checkout(tmp_path):
    """The catalogue and the graders are those of the kit the command runs from: a second
    checkout's --root is refused with the way to release it, never released with this list."""
    other = tmp_path / "other"
    for folder in ("solutions", "graders"):
        shutil.copytree(ROOT / folder, other / folder, ignore=shutil.ignore_patterns("__pycache__"))
    out = subprocess.run(
        [sys.executable, "-m", "graders.frontends.cli", "release", "--root", str(other)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert out.returncode == 2 and "not the checkout this torchkata runs from" in out.stderr
    assert not (other / "exercises").exists()
