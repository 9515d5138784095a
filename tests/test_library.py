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
from graders import errors, feedback, modes
from graders.checks import compare, scoring
from graders.errors import CheckFailed
from graders.grading import service
from graders.inside import guards, plain
from graders.inside.door import call
from graders.inside.plain import Opaque
from graders.isolation import worker

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
            compare.expect_floats(plain.copy(bad), 1 if len(bad) == 1 else 2, "losses")


# --- plain data and the door -----------------------------------------------------------------


def test_plain_copies_tensors_and_refuses_other_objects():
    t = torch.ones(2, requires_grad=True)
    copied = plain.copy({"t": t, "p": torch.nn.Parameter(torch.ones(1)), "n": [1, 2.5, "s", None]})
    assert type(copied["t"]) is torch.Tensor and not copied["t"].requires_grad
    copied["t"].add_(1)
    assert t.detach().eq(1).all()
    assert type(copied["p"]) is torch.Tensor
    assert plain.copy(np.zeros(2)) == Opaque("numpy.ndarray")
    assert plain.copy(np.float64(1.0)) == Opaque("numpy.float64")


@pytest.mark.parametrize(
    "value, schema, says",
    [
        (0, torch.Tensor, "it is an int, a tensor was expected"),
        ({"out": 1.5}, {"out": torch.Tensor}, "it['out'] is a float"),
        ([torch.ones(1), None], [torch.Tensor], "it[1] is None"),
        ({"a": 1}, {"a": int, "b": int}, "has keys ['a']"),
        (True, int, "it is a bool, an int was expected"),
        ((1.0,), (float, float), "a tuple of 2 was expected"),
    ],
)
def test_a_reply_of_the_wrong_shape_is_named(value, schema, says):
    assert says in plain.mismatch(value, schema)


def test_a_reply_of_the_right_shape_passes():
    schema = {"x": plain.Maybe(torch.Tensor), "n": [int], "d": plain.DictOf(float), "o": object}
    value = {"x": None, "n": [1, 2], "d": {"a": 1.0}, "o": Opaque("t")}
    assert plain.mismatch(value, schema) is None


def test_the_rules_refuse_every_route_of_autograd_and_are_taken_back():
    from torch.autograd import grad as aliased_grad

    w = torch.ones(2, requires_grad=True)
    attempts = [
        lambda: (w * 2).sum().backward(),
        lambda: torch.autograd.grad((w * 2).sum(), w),
        lambda: aliased_grad((w * 2).sum(), w),
        lambda: torch.func.grad(lambda v: (v * 2).sum())(torch.ones(2)),
        lambda: torch.func.jvp(torch.relu, (torch.ones(2),), (torch.ones(2),)),
        lambda: torch.func.jacfwd(torch.relu)(torch.ones(2)),
        lambda: torch.autograd.functional.jacobian(
            torch.relu, torch.ones(2), strategy="forward-mode", vectorize=True
        ),
    ]
    for attempt in attempts:
        undo = guards.install(guards.Rules(autograd=guards.NEVER, message="by hand"))
        try:
            with pytest.raises(errors.NotByHand):
                attempt()
        finally:
            undo()
    (w * 2).sum().backward()
    assert w.grad.tolist() == [2.0, 2.0]


def test_kit_only_lets_the_probes_own_pass_run_and_nothing_inside_it():
    class Twice(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * 2

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            with torch.enable_grad():
                inner = x.detach().requires_grad_()
                return torch.autograd.grad((inner * 2).sum(), inner)[0] * g

    undo = guards.install(guards.Rules(autograd=guards.KIT_ONLY, message="by hand"))
    try:
        x = torch.ones(2, requires_grad=True)
        with pytest.raises(errors.NotByHand):
            (x * 3).sum().backward()  # outside the kit's window
        with guards.kit_backward(), pytest.raises(errors.NotByHand):
            Twice.apply(x).sum().backward()  # nested inside the kit's own pass
        with guards.kit_backward():
            (x * 3).sum().backward()
        assert x.grad.tolist() == [3.0, 3.0]
    finally:
        undo()


def test_torch_sgd_refuses_in_every_form_even_saved_before():
    import torch.optim.sgd as torch_sgd

    saved = torch_sgd.sgd
    undo = guards.install(guards.Rules(torch_sgd=False, message="by hand"))
    try:
        from torch.optim.sgd import _single_tensor_sgd

        p = torch.zeros(1, requires_grad=True)
        for attempt in (
            lambda: torch.optim.SGD([p], lr=0.1),
            lambda: _single_tensor_sgd(),
            lambda: torch.ops.aten._fused_sgd_([p], [p], []),
            lambda: torch._fused_sgd_([p], [p], []),
        ):
            with pytest.raises(errors.NotByHand):
                attempt()
    finally:
        undo()
    assert torch_sgd.sgd is saved


def _serving(tmp_path, source, probe):
    folder = implementation(tmp_path / "impl")
    (folder / "a1_backprop" / "manual_backprop.py").write_text(textwrap.dedent(source))
    serving = worker.Serving("a1_backprop/manual_backprop", folder)
    serving.table = {probe.__name__: probe}
    return serving


def ask(tmp_path, source, probe, *args):
    """What the worker answers when asked for `probe` on this submission."""
    serving = _serving(tmp_path, source, probe)
    return plain.decode(worker.encoded(serving.answer(("run", probe.__name__, args))))


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
    kind, message, detail = ask(tmp_path, source, probe_forward, torch.ones(1, 1))
    assert kind == "raised" and says in message
    assert "manual_backprop.py" in (detail or "")


def test_anything_raised_in_the_worker_is_the_submissions(tmp_path):
    """Even a probe's own code failing on what the submission gave it: the worker has no other
    side, and only the grader's process can have a grader error."""
    kind, message, _ = ask(
        tmp_path, "def forward(x, w1, w2):\n    return x\n", probe_with_a_bug, torch.ones(1, 1)
    )
    assert kind == "raised" and "could not use what your code gave it: KeyError" in message


def test_a_name_the_module_lacks_is_the_students_mistake(tmp_path):
    kind, message, _ = ask(tmp_path, "def forwrd(x, w1, w2):\n    return x\n", probe_forward, 1)
    assert kind == "raised" and "defines no forward" in message


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
    source = f"import torch\n\ndef backward(x, y, w1, w2):\n{body}    return w1, w2\n"
    ones = [torch.ones(2, 2) for _ in range(4)]
    kind, message, _ = ask(tmp_path, source, probe_backward, *ones)
    assert kind == "failed" and says in message


def test_a_missing_file_is_reported(tmp_path):
    serving = worker.Serving("a1_backprop/manual_backprop", tmp_path)
    serving.table = {"probe_forward": probe_forward}
    kind, message, _ = serving.answer(("run", "probe_forward", (torch.ones(1),)))
    assert kind == "raised" and "missing" in message


def test_the_worker_seeds_torch_before_every_probe(tmp_path):
    source = "import torch\ndef forward(x, w1, w2):\n    return torch.rand(3)\n"
    serving = _serving(tmp_path, source, probe_forward)
    first = serving.answer(("run", "probe_forward", (torch.ones(1),)))
    second = serving.answer(("run", "probe_forward", (torch.ones(1),)))
    assert torch.equal(first[1], second[1])


# --- feedback and scoring -------------------------------------------------------------------


def test_brief_never_dumps_a_tensor():
    text = feedback.brief(torch.arange(10000.0).reshape(100, 100))
    assert "(100, 100)" in text and len(text) < 120


def test_a_check_needs_a_sentence():
    with pytest.raises(TypeError):
        scoring.check()(lambda sub: None)


def test_a_check_takes_its_points_from_the_manifest():
    """A check the manifest gives no points to is refused where it is written, with the fix."""

    def forward_matches_torch(sub):
        """A check of manual_backprop."""

    def unlisted(sub):
        """A check the manifest does not list."""

    grader = "graders.checks.a1_backprop.manual_backprop"
    forward_matches_torch.__module__ = unlisted.__module__ = grader
    assert scoring.check()(forward_matches_torch).points == 2
    with pytest.raises(errors.ManifestError, match=r"`unlisted = 1` under \[exercise.points\]"):
        scoring.check()(unlisted)


def _flaky_check(sub, n):
    """The answer is the same every time."""
    sub.calls = getattr(sub, "calls", 0) + 1
    if sub.calls % 2 == 0:
        raise CheckFailed("different answer")


class _Fake:
    """A runner without a worker, for checks that never ask one."""

    exercise = "a1_backprop/manual_backprop"
    device = "cpu"
    explaining = False

    def __init__(self, grading=True):
        self.session = service.Session(grading=grading, keep_failures=False)

    def prefetch(self, calls):
        pass

    def settle(self):
        pass


def test_a_submission_that_answers_differently_is_reported_not_crashed():
    chk = scoring.Check(_flaky_check, 1, strategies={"n": hst.integers(0, 3)})
    result = service.run_check(chk, _Fake())
    assert not result.passed and result.status == "failed"
    assert "different answer" in result.problem


def _fails_then_the_kit_breaks(sub, n):
    """The explanation of a failure may go wrong: the verdict stands."""
    sub.calls = getattr(sub, "calls", 0) + 1
    if sub.calls == 1:
        raise CheckFailed("wrong answer")
    raise RuntimeError("the kit broke while explaining")


def test_an_explanation_that_goes_wrong_never_changes_the_verdict():
    chk = scoring.Check(_fails_then_the_kit_breaks, 1, strategies={"n": hst.integers(0, 3)})
    result = service.run_check(chk, _Fake())
    assert result.status == "failed" and result.problem == "wrong answer"


def test_ci_turns_grading_mode_on(monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert modes.grading_requested()
    monkeypatch.setenv("CI", "")
    assert not modes.grading_requested() and modes.grading_requested(True)
    assert modes.examples(True) == modes.GRADING_EXAMPLES < modes.examples(False)
    assert modes.examples(True, at_most=3) == 3


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
