"""`torchkata dev check`: the contributor's rules, each finding with its fix, on a checkout with
planted faults (one exercise, to stay quick)."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys

from classroom import torchkata
from corpus import ROOT
from graders import catalog
from graders.instructor import dev

EXERCISE = "a2_modules/rmse_loss"
EQUIVALENT = '''"""Wrong, they say: the square written as a product, which is the same thing."""

CAUGHT_BY = ["value_matches_the_formula"]


class RMSELoss(nn.Module):
    def __init__(self, eps=1e-6):
        super().__init__()
        self.eps = eps

    def forward(self, yhat, y):
        if yhat.shape != y.shape:
            raise ValueError("shapes differ")
        d = yhat - y
        return torch.sqrt(torch.mean(d * d) + self.eps)
'''


def checkout(tmp_path):
    """The kit's solutions, released files and one exercise's corpus, in a folder of its own."""
    root = tmp_path / "kit"
    for folder in ("solutions", "exercises", "assignments", "docs"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    corpus = f"tests/corpus/{EXERCISE}"
    shutil.copytree(ROOT / corpus, root / corpus, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def test_the_kit_itself_has_no_finding_for_one_exercise(tmp_path):
    assert dev.check(checkout(tmp_path), [EXERCISE]) == []


def test_planted_faults_are_found_each_with_its_fix(tmp_path):
    root = checkout(tmp_path)
    corpus = root / "tests" / "corpus" / EXERCISE
    for extra in sorted(corpus.glob("right_*.py"))[:5]:  # 1 right variant left, then 2 below
        extra.unlink()
    (corpus / "wrong_square_as_a_product.py").write_text(EQUIVALENT)
    misnamed = (corpus / "wrong_no_eps.py").read_text()
    misnamed = misnamed[: misnamed.index("CAUGHT_BY")] + misnamed[misnamed.index("]") + 1 :]
    (corpus / "wrong_no_eps.py").write_text(
        'CAUGHT_BY = ["mismatched_shapes_raise_value_error"]\n' + misnamed
    )
    (corpus / "right_forgets_eps.py").write_text(
        (corpus / "wrong_no_eps.py").read_text().replace("CAUGHT_BY", "_UNUSED")
    )
    (root / "docs" / "graders.md").write_text("edited by hand\n")
    findings = dev.check(root, [EXERCISE])

    def one(name: str, warning: bool = False) -> dev.Finding:
        hits = [f for f in findings if f.where.endswith(name) and f.warning == warning]
        assert len(hits) == 1, (name, findings)
        return hits[0]

    assert "torchkata release" in one("docs/graders.md").fix
    assert "equivalent" in one("wrong_square_as_a_product.py", warning=True).problem
    assert "none of its CAUGHT_BY" in one("wrong_no_eps.py").problem
    assert "a right variant fails" in one("right_forgets_eps.py").problem
    assert "2 right variants" in one(f"{EXERCISE}/").problem


def test_a_manifest_that_disagrees_with_the_files_is_found(monkeypatch, tmp_path):
    """Points for a check the grader lacks, a contract naming what the solution does not
    define, `uses` naming what no contract has, builds_on that is not what the solution imports:
    each a finding on graders/curriculum.toml, with its fix."""
    record = catalog.record(EXERCISE)
    planted = dataclasses.replace(
        record,
        points={**record.points, "no_such_check": 1},
        contract={**record.contract, "rmse": catalog.Contract("function", returns="Tensor")},
        uses={"RMSELoss": ("sqrt_of_mean",)},
        builds_on=("a2_modules/two_layer_net",),
    )
    monkeypatch.setitem(catalog.RECORDS, EXERCISE, planted)
    problems = [f.problem for f in dev.manifest_findings(checkout(tmp_path), EXERCISE)]
    assert len(problems) == 4, problems
    assert "points to checks its grader lacks: ['no_such_check']" in problems[0]
    assert "names ['rmse'], which solutions/a2_modules/rmse_loss.py does not define" in problems[1]
    assert "names sqrt_of_mean, in no contract" in problems[2]
    assert "builds_on of a2_modules/rmse_loss is ['a2_modules/two_layer_net']" in problems[3]


def test_every_record_of_the_kit_agrees_with_its_files():
    for exercise in catalog.EXERCISES:
        assert [f for f in dev.manifest_findings(ROOT, exercise) if not f.warning] == []


def test_the_command_exits_1_on_an_error_and_prints_the_fix(tmp_path):
    root = checkout(tmp_path)
    (root / "docs" / "graders.md").write_text("edited by hand\n")
    done = torchkata("dev", "check", "--root", root, "--only", EXERCISE)
    assert done.returncode == 1, done.stderr
    assert "error: docs/graders.md: out of date" in done.stdout and "fix: run" in done.stdout


def test_dev_new_scaffolds_an_exercise_that_dev_check_walks_through(tmp_path):
    """In a copy of the kit: `dev new` writes the solution, grader, probes and corpus and the
    exercise's record in the manifest; `release` writes the rest; `dev check` names every
    placeholder left and the corpus' size, each with its fix; the scaffold grades (its solution
    passes its check)."""
    kit = tmp_path / "kit"
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for name in files:
        if (ROOT / name).is_file():
            (kit / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, kit / name)

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "graders.frontends.cli", *args],
            cwd=kit,
            env={**os.environ, "PYTHONPATH": str(kit)},
            capture_output=True,
            text=True,
            timeout=600,
        )

    new = "a9_scaffold/example_loss"  # a new assignment, so no exercise of the kit can collide
    made = run("dev", "new", new)
    assert made.returncode == 0, made.stderr
    assert "wrote graders/inside/probes/a9_scaffold/example_loss.py" in made.stdout
    manifest = (kit / "graders" / "curriculum.toml").read_text()
    assert manifest.endswith(dev.RECORD.format(assignment="a9_scaffold", name="example_loss"))
    assert run("dev", "new", new).returncode == 2  # once only
    assert run("release").returncode == 0
    assert (kit / "exercises" / "a9_scaffold" / "test_example_loss.py").is_file()
    assert (kit / "assignments" / "source" / "a9_scaffold" / "a9_scaffold.ipynb").is_file()
    assert new in (kit / "templates/github-classroom/classroom.yml").read_text()
    checked = run("dev", "check", "--only", new)
    assert checked.returncode == 1
    placeholders = [line for line in checked.stdout.splitlines() if "TODO(dev new)" in line]
    assert len(placeholders) == 6 * 2  # six files (the assignment's introduction too), and fixes
    assert "1 wrong and 1 right variants" in checked.stdout
    assert "does not pass" not in checked.stdout  # the scaffold's solution passes its check
