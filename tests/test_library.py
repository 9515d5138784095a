"""The grading library on its own: comparisons and tolerances, the probe door, feedback,
scoring and modes. Each test shows a piece can fail as well as pass."""

import ast
import subprocess
import sys
import textwrap

import numpy as np
import pytest
import torch
from hypothesis import strategies as hst

from corpus import ROOT, implementation
from graders import compare, feedback, modes, scoring
from graders.feedback import CheckFailed, GraderError, SubmissionRaised
from graders.probe import AutogradNotAllowed, Opaque, Runner, autograd_forbidden, call, to_plain

# --- compare ---------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_expect_close_accepts_rounding_and_rejects_a_real_error(dtype):
    expected = torch.linspace(-3, 3, 12, dtype=dtype).reshape(3, 4)
    compare.expect_close(expected * (1 + compare.RTOL[dtype] / 10), expected, "x")
    wrong = expected.clone()
    wrong[1, 2] += 0.5
    with pytest.raises(CheckFailed) as info:
        compare.expect_close(wrong, expected, "x")
    assert "index (1, 2)" in info.value.detail


def test_float64_tolerance_rejects_a_silent_float32_computation():
    expected = torch.randn(4, 4, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
    with pytest.raises(CheckFailed):
        compare.expect_close(expected.float().double() * 1.0000001, expected, "x")


@pytest.mark.parametrize(
    "got, says",
    [
        (torch.zeros(2, 3, dtype=torch.float64), "float64, expected float32"),
        (torch.zeros(3, 2), "shape (3, 2), expected (2, 3)"),
        (1.5, "is a float, expected a tensor"),
        (Opaque("numpy.ndarray"), "is a numpy.ndarray, expected a tensor"),
        (torch.full((2, 3), float("nan")), "differs"),
    ],
)
def test_expect_close_names_what_is_wrong(got, says):
    with pytest.raises(CheckFailed) as info:
        compare.expect_close(got, torch.zeros(2, 3), "result")
    assert says in info.value.message


@pytest.mark.parametrize("c", [0.0, 0.5, 1.0])
def test_any_fixed_subgradient_in_0_1_is_accepted(c):
    at_zero, at_one = torch.tensor([[1.0, 2.0]]), torch.tensor([[1.0, 4.0]])
    compare.expect_close_for_some_subgradient(
        at_zero + c * (at_one - at_zero), at_zero, at_one, "g"
    )


@pytest.mark.parametrize("got", [[[1.0, 5.0]], [[1.0, 1.0]], [[2.0, 3.0]]])
def test_subgradients_outside_0_1_or_off_the_line_are_rejected(got):
    at_zero, at_one = torch.tensor([[1.0, 2.0]]), torch.tensor([[1.0, 4.0]])
    with pytest.raises(CheckFailed):
        compare.expect_close_for_some_subgradient(torch.tensor(got), at_zero, at_one, "g")


def test_expect_floats_wants_plain_floats():
    compare.expect_floats([1.0, 2.0], 2, "losses")
    for bad in ([torch.tensor(1.0)], [np.float64(1.0)], (1.0,), [1.0, 2.0, 3.0]):
        with pytest.raises(CheckFailed):
            compare.expect_floats(to_plain(bad), 1 if len(bad) == 1 else 2, "losses")


# --- the probe door ------------------------------------------------------------------------


def test_to_plain_copies_tensors_and_refuses_other_objects():
    t = torch.ones(2, requires_grad=True)
    plain = to_plain({"t": t, "p": torch.nn.Parameter(torch.ones(1)), "n": [1, 2.5, "s", None]})
    assert type(plain["t"]) is torch.Tensor and not plain["t"].requires_grad
    plain["t"].add_(1)
    assert t.detach().eq(1).all()
    assert type(plain["p"]) is torch.Tensor
    assert to_plain(np.zeros(2)) == Opaque("numpy.ndarray")
    assert to_plain(np.float64(1.0)) == Opaque("numpy.float64")


def test_autograd_forbidden_blocks_every_entry_point_and_restores_them():
    from torch.autograd import grad as aliased_grad

    w = torch.ones(2, requires_grad=True)
    attempts = [
        lambda: (w * 2).sum().backward(),
        lambda: torch.autograd.grad((w * 2).sum(), w),
        lambda: aliased_grad((w * 2).sum(), w),
        lambda: torch.func.grad(lambda v: (v * 2).sum())(torch.ones(2)),
    ]
    for attempt in attempts:
        with autograd_forbidden("no autograd here"), pytest.raises(AutogradNotAllowed):
            attempt()
    (w * 2).sum().backward()
    assert w.grad.tolist() == [2.0, 2.0]


def _write(tmp_path, source):
    folder = implementation(tmp_path / "impl")
    (folder / "a1_backprop" / "manual_backprop.py").write_text(textwrap.dedent(source))
    return Runner(folder, "a1_backprop/manual_backprop")


def probe_forward(mod, x):
    return call(mod.forward, x, x, x)


def probe_with_a_bug(mod, x):
    call(mod.forward, x, x, x)
    return {}["a key the probe forgot"]


def probe_backward(mod, x, y, w1, w2):
    return call(mod.backward, x, y, w1, w2)


@pytest.mark.parametrize(
    "source, says",
    [
        ("def forward(:\n    pass\n", "could not be imported: SyntaxError"),
        ("import nonexistent_module_xyz\n", "could not be imported: ModuleNotFoundError"),
        ("import sys\nsys.exit(0)\n", "could not be imported: SystemExit"),
        ("def forward(x, w1, w2):\n    return 1 / 0\n", "your code raised ZeroDivisionError"),
    ],
)
def test_a_broken_submission_becomes_a_clear_message(tmp_path, source, says):
    runner = _write(tmp_path, source)
    with pytest.raises(SubmissionRaised) as info:
        runner.run(probe_forward, torch.ones(1, 1))
    assert says in info.value.message
    assert "manual_backprop.py" in (info.value.detail or "")


def test_an_exception_of_the_probe_itself_is_the_kits_not_the_students(tmp_path):
    runner = _write(tmp_path, "def forward(x, w1, w2):\n    return x\n")
    with pytest.raises(GraderError, match="probe_with_a_bug failed: KeyError"):
        runner.run(probe_with_a_bug, torch.ones(1, 1))


def test_a_name_the_module_lacks_is_the_students_mistake(tmp_path):
    runner = _write(tmp_path, "def forwrd(x, w1, w2):\n    return x\n")
    with pytest.raises(SubmissionRaised, match="defines no forward"):
        runner.run(probe_forward, torch.ones(1, 1))


@pytest.mark.parametrize(
    "body, says",
    [
        ("    y.sub_(1)\n", "changed y (4 of 4 entries)"),
        ("    w1.requires_grad_()\n", "changed w1 (requires_grad from False to True)"),
        ("    w2.grad = torch.ones_like(w2)\n", "changed w2.grad"),
        ("    x.resize_(1)\n", "changed x (its shape"),
    ],
)
def test_the_door_sees_what_the_submission_changed_in_its_arguments(tmp_path, body, says):
    runner = _write(
        tmp_path, f"import torch\n\ndef backward(x, y, w1, w2):\n{body}    return w1, w2\n"
    )
    with pytest.raises(CheckFailed, match=says.replace("(", r"\(").replace(")", r"\)")):
        runner.run(
            probe_backward, torch.ones(2, 2), torch.ones(2, 2), torch.ones(2, 2), torch.ones(2, 2)
        )


def test_a_missing_file_is_reported(tmp_path):
    runner = Runner(tmp_path, "a1_backprop/manual_backprop")
    with pytest.raises(SubmissionRaised, match="missing"):
        runner.run(probe_forward, torch.ones(1, 1))


def test_the_runner_seeds_torch_before_every_probe(tmp_path):
    runner = _write(tmp_path, "import torch\ndef forward(x, w1, w2):\n    return torch.rand(3)\n")
    assert torch.equal(
        runner.run(probe_forward, torch.ones(1)), runner.run(probe_forward, torch.ones(1))
    )


# --- feedback and scoring -------------------------------------------------------------------


def test_brief_never_dumps_a_tensor():
    text = feedback.brief(torch.arange(10000.0).reshape(100, 100))
    assert "(100, 100)" in text and len(text) < 120


def test_a_check_needs_a_sentence():
    with pytest.raises(TypeError):
        scoring.check(points=1)(lambda sub: None)


def _flaky_check(sub, n):
    """The answer is the same every time."""
    sub.calls = getattr(sub, "calls", 0) + 1
    if sub.calls % 2 == 0:
        raise CheckFailed("different answer")


def test_a_submission_that_answers_differently_is_reported_not_crashed():
    class Sub:
        pass

    chk = scoring.check(points=1, n=hst.integers(0, 3))(_flaky_check)
    result = scoring.run_check(chk, Sub(), grading=True)
    assert not result.passed and result.status == "failed"
    assert "different answer" in result.problem


def test_ci_turns_grading_mode_on(monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert modes.grading_requested()
    monkeypatch.setenv("CI", "")
    assert not modes.grading_requested() and modes.grading_requested(True)
    assert modes.profile(True).derandomize and modes.profile(True).database is None
    assert not modes.profile(False).derandomize


# --- boundaries -------------------------------------------------------------------------------


def test_graders_never_import_solutions():
    for path in (ROOT / "graders").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            names += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not any(n.split(".")[0] == "solutions" for n in names), path
    code = (
        "import sys, graders.catalog as c; [c.grader(e) for e in c.EXERCISES]; "
        "print(any(m.startswith('solutions') for m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_nothing_reads_the_shared_folder():
    for folder in ("graders", "tests", "exercises", "solutions", "benchmarks"):
        for path in (ROOT / folder).rglob("*.py"):
            assert ".." + "/shared" not in path.read_text(), path
