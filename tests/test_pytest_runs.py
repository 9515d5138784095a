"""What a student and CI see: real `pytest exercises/` runs in a subprocess."""

import os
import re
import subprocess
import sys

import pytest

from corpus import ROOT, implementation

pytestmark = pytest.mark.slow


def pytest_exercises(*args, env=None):
    environment = {k: v for k, v in os.environ.items() if k != "CI"} | (env or {})
    return subprocess.run(
        [sys.executable, "-m", "pytest", *args, "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
    )


def total(output):
    return re.search(r"^total\s+(\d+)/(\d+)$", output, re.M).groups()


def test_the_reference_gets_full_marks_in_grading_mode():
    out = pytest_exercises("exercises/", "--impl", "solutions", "-q", env={"CI": "true"})
    assert out.returncode == 0, out.stdout[-3000:]
    earned, possible = total(out.stdout)
    assert earned == possible and "grading mode" in out.stdout


def test_the_stubs_score_zero_and_say_not_implemented():
    out = pytest_exercises("exercises/", "-q")
    assert out.returncode == 1
    assert total(out.stdout)[0] == "0" and "not implemented yet" in out.stdout
    assert "Traceback" not in out.stdout and "graders/" not in out.stdout


def test_one_file_passes_exactly_when_its_module_passes(tmp_path):
    wrong = (
        (ROOT / "solutions/a1_backprop/manual_backprop.py")
        .read_text()
        .replace("2.0 * (pred - y)", "(pred - y)")
    )
    folder = implementation(tmp_path / "impl", {"a1_backprop/manual_backprop": wrong})
    bad = pytest_exercises("exercises/a1_backprop/test_manual_backprop.py", "--impl", str(folder))
    good = pytest_exercises("exercises/a1_backprop/test_dynamic_graph.py", "--impl", str(folder))
    assert bad.returncode == 1 and good.returncode == 0
    # the message a student reads: the sentence, the example, expected vs got, a hint; no dumps
    assert "backward(x, y, w1, w2) returns the gradients autograd finds" in bad.stdout
    for part in ("Smallest failing example: N=", "Largest difference", "Hint:"):
        assert part in bad.stdout
    assert "tensor([" not in bad.stdout and "graders/" not in bad.stdout


def test_grading_mode_gives_the_same_output_every_time(tmp_path):
    wrong = (
        (ROOT / "solutions/a1_backprop/manual_backprop.py")
        .read_text()
        .replace("(pre > 0)", "(pre < 0)")
    )
    folder = implementation(tmp_path / "impl", {"a1_backprop/manual_backprop": wrong})
    runs = [
        pytest_exercises("exercises/a1_backprop/", "--impl", str(folder), "--grading", "-q").stdout
        for _ in range(2)
    ]
    strip = lambda text: re.sub(r" in [\d.]+s", "", text)  # noqa: E731 - the timing differs
    assert strip(runs[0]) == strip(runs[1])


def test_device_cuda_without_a_gpu_is_a_usage_error():
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA; --device cuda runs the checks there")
    out = pytest_exercises(
        "exercises/a1_backprop/test_dynamic_graph.py", "--impl", "solutions", "--device", "cuda"
    )
    assert out.returncode == 4 and "no CUDA GPU" in out.stderr


def test_a_typo_in_impl_is_a_usage_error():
    out = pytest_exercises("exercises/a1_backprop/test_dynamic_graph.py", "--impl", "solution")
    assert out.returncode == 4 and "--impl solution: choose 'exercises'" in out.stderr
