"""The student's loop: feedback that points at the root cause, honest numbers, a time limit per
check, a quiet pytest, and `torchkata watch`."""

from __future__ import annotations

import io
import re
import shutil

import pytest
import torch
from hypothesis import given, settings

from corpus import ROOT, implementation
from graders import catalog, modes
from graders.checks import strategies as st
from graders.feedback import brief_pair
from graders.frontends import watch
from test_pytest_runs import pytest_exercises

SOLUTION = (ROOT / "solutions" / "a1_backprop" / "manual_backprop.py").read_text()


def what_to_fix(output: str) -> str:
    return output[output.index("what to fix") : output.index("torchkata score")]


# --- root causes and a quiet pytest -------------------------------------------------------------


@pytest.mark.slow
def test_a_missing_relu_mask_is_one_root_failure_and_its_dependents_say_so(tmp_path):
    folder = implementation(
        tmp_path / "impl",
        {"a1_backprop/manual_backprop": SOLUTION.replace("grad_hidden * (pre > 0)", "grad_hidden")},
    )
    out = pytest_exercises(
        "exercises/a1_backprop/test_manual_backprop.py", "--impl", str(folder), "--grading"
    )
    assert out.returncode == 1
    section = what_to_fix(out.stdout)
    train = section[section.index("train_manual_updates_weights_in_place") :].split("\n\n")[0]
    assert (
        "Fix that first: train_manual uses your backward, which fails backward_matches_autograd."
        in train
    )
    assert (
        "Hint" not in train and "in place" not in train.split("What went wrong")[1]
    )  # no hint about itself
    tail = out.stdout.rstrip().splitlines()
    assert tail[-3:-1] == [
        "fix first:",
        "  manual_backprop: backward_matches_autograd (grad_w1 differs from torch's answer.)",
    ]
    assert "FAILED" not in out.stdout and "short test summary" not in out.stdout


@pytest.mark.slow
def test_a_module_that_does_not_import_is_reported_once(tmp_path):
    folder = implementation(
        tmp_path / "impl",
        {
            "a1_backprop/manual_backprop": SOLUTION.replace(
                "    grad_w2 = hidden.T @ grad_pred\n", "    grad_w2 = hidden.T @ grad_pred)\n"
            )
        },
    )
    out = pytest_exercises("exercises/a1_backprop/test_manual_backprop.py", "--impl", str(folder))
    section = what_to_fix(out.stdout)
    assert (
        section.count("could not be imported") == 1
        and "every check" in section
        and "Hint" not in section
    )
    assert out.stdout.count("SyntaxError") == 2  # once in what to fix, once in fix first


@pytest.mark.slow
def test_an_endless_loop_is_stopped_and_named(tmp_path):
    source = (
        (ROOT / "solutions" / "a2_modules" / "mlp.py")
        .read_text()
        .replace(
            "        if len(sizes) < 2:\n",
            "        while len(sizes) < 2:\n            pass\n        if len(sizes) < 2:\n",
        )
    )
    folder = implementation(tmp_path / "impl", {"a2_modules/mlp": source})
    out = pytest_exercises("exercises/a2_modules/test_mlp.py", "--impl", str(folder), "--grading")
    assert out.returncode == 1
    assert (
        f"What went wrong: MLP used more than {modes.CHECK_SECONDS:g} s of CPU time in this "
        "check and was stopped" in out.stdout
    )
    assert re.search(
        r"^a2_modules/mlp\s+\d+/\d+$", out.stdout, re.M
    )  # the other checks ran and the table came


# --- honest numbers and examples ----------------------------------------------------------------


def test_numbers_show_the_digits_where_they_differ():
    expected, got = brief_pair(torch.tensor([-2.178791]), torch.tensor([-2.178842]))
    assert "-2.17879" in expected and "-2.17884" in got
    same_expected, same_got = brief_pair(torch.tensor([1.5]), torch.tensor([1.5]))
    assert same_expected.endswith("[1.5]") and same_got.endswith("[1.5]")


@settings(max_examples=30, deadline=None, database=None)
@given(st.pairs(perfect=True))
def test_a_perfect_fit_example_shows_yhat_equal_to_y(pair):
    yhat, y = pair.tensors()
    assert torch.equal(yhat, y) and "yhat = y = " in pair.describe()


# --- torchkata watch ----------------------------------------------------------------------------


def test_watch_checks_a_saved_exercise_and_shows_progress(tmp_path):
    root = tmp_path / "exercises"
    (root / "a2_modules").mkdir(parents=True)
    target = root / "a2_modules" / "rmse_loss.py"
    shutil.copy(ROOT / "exercises" / "a2_modules" / "rmse_loss.py", target)

    def saves():
        shutil.copy(ROOT / "solutions" / "a2_modules" / "rmse_loss.py", target)
        yield {str(target), str(root / "notes.txt")}

    screen = io.StringIO()
    watch.watch(root, stream=screen, changes=saves())
    text = screen.getvalue()
    first, after = text.split("checking a2_modules/rmse_loss...")
    assert "✗ a2_modules/rmse_loss" in first and "not implemented yet" in first
    assert "✓ a2_modules/rmse_loss: every check passes" in after
    assert (
        f"progress: 1/{len(catalog.EXERCISES)} exercises done" in after
        and "next: open exercises/a1_backprop/manual_backprop.py" in after
    )
    assert "Ctrl-C quits" in after


def test_watch_stops_a_check_that_runs_too_long(tmp_path):
    root = tmp_path / "exercises"
    (root / "a2_modules").mkdir(parents=True)
    source = (
        (ROOT / "solutions" / "a2_modules" / "rmse_loss.py")
        .read_text()
        .replace(
            "    def forward(self, yhat",
            "    def forward(self, yhat, _=None):\n"
            "        while True:\n"
            "            pass\n\n"
            "    def unused(self, yhat",
        )
    )
    (root / "a2_modules" / "rmse_loss.py").write_text(source)
    progress = watch.Progress()
    verdict = watch.verdict(root, "a2_modules/rmse_loss", seconds=0.5)
    progress.update("a2_modules/rmse_loss", verdict)
    text = progress.render("a2_modules/rmse_loss")
    assert "RMSELoss.forward used more than 0.5 s of CPU time in this check and was stopped" in text
