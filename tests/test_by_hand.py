"""The "by hand" rules: what the worker refuses in itself, and what the grader counts from
outside it (as root), where no submission can reach."""

from __future__ import annotations

import os

import pytest

from corpus import ROOT, implementation
from graders import catalog, modes
from graders.grading import service
from graders.inside import guards, probes
from graders.isolation import launch, uprobes

EXERCISE = "a1_backprop/manual_backprop"
BY_AUTOGRAD = '''

def backward(x, y, w1, w2):
    """The right gradients, computed by autograd: what the exercise forbids."""
    a, b = w1.detach().requires_grad_(), w2.detach().requires_grad_()
    ((torch.relu(x @ a) @ b - y) ** 2).sum().backward()
    return a.grad.detach(), b.grad.detach()
'''


def _grade(folder, start) -> dict:
    runner = service.Runner(EXERCISE, start, service.Session(grading=True, seed=modes.PUBLIC_SEED))
    try:
        return {r.name: r for r in service.check_exercise(catalog.grader(EXERCISE), runner)}
    finally:
        runner.close()


def _solution_by_autograd(tmp_path):
    solution = (ROOT / "solutions" / f"{EXERCISE}.py").read_text()
    return implementation(tmp_path / "impl", {EXERCISE: solution + BY_AUTOGRAD})


def test_the_worker_refuses_autograd_where_gradients_are_by_hand(tmp_path):
    folder = _solution_by_autograd(tmp_path)
    results = _grade(folder, lambda: launch.fork(EXERCISE, folder))
    assert results["backward_matches_autograd"].status == "failed"
    assert "NotByHand" in results["backward_matches_autograd"].problem
    assert results["forward_matches_torch"].passed


@pytest.mark.skipif(
    os.geteuid() != 0 or uprobes.unavailable() is not None,
    reason=f"counting from outside needs root and uprobes ({uprobes.unavailable()})",
)
def test_autograd_the_rules_missed_is_counted_from_outside_and_scores_nothing(
    tmp_path, monkeypatch
):
    """Code that found the worker's rules and undid them (here: a worker without rules) still
    ran libtorch's autograd engine, and the grader counted it from outside: every check that ran
    it is flagged and scores 0; the checks that did not keep their points."""
    folder = _solution_by_autograd(tmp_path)
    monkeypatch.setattr(probes, "rules", lambda exercise: guards.FREE)  # the forks inherit it

    def start():
        worker = launch.fork(EXERCISE, folder)
        worker.counter = uprobes.AutogradCounter(worker.pid)  # before any of the student's code
        return worker

    results = _grade(folder, start)
    flagged = {name for name, r in results.items() if r.status == "integrity"}
    assert {"backward_matches_autograd", "backward_leaves_inputs_unchanged"} <= flagged
    assert "counted from outside your process" in results["backward_matches_autograd"].problem
    assert results["forward_matches_torch"].passed and results["sse_loss_is_sum_of_squares"].passed
    backward = [r for r in results.values() if "backward" in r.name]
    assert all(r.score == 0 for r in backward), [r.name for r in backward if r.score]
