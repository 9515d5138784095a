"""The init grader's statistics are sound: the stated false-failure rate holds, the z-scores
are calibrated on correct initialisations, and they have the power to reject wrong laws."""

import math

import pytest
import torch
from torch import nn

from graders.checks import stats
from graders.checks.a3_training import init_weights as grader
from graders.checks.scoring import checks_of


def test_the_false_failure_budget_is_below_one_in_a_million_per_run():
    assert stats.ALPHA == pytest.approx(1.97e-9, rel=0.01)
    assert stats.ALPHA * stats.MAX_TESTS_PER_RUN < 1e-6
    # the normal law's escape from the uniform support, for the smallest drawn conv (288 weights)
    assert stats.INSIDE_NORMAL**288 < 1e-10


def test_the_grader_makes_no_more_tests_than_budgeted():
    per_example = 2 * len(grader.LINEAR_WEIGHTS) + 2 * len(
        grader.CONV_WEIGHTS
    )  # the two law checks
    per_example += (
        2 * len(grader.DEEP) + 2
    )  # initialize_reaches_every_depth: the deep linears and a conv
    from graders import modes

    assert (
        per_example * max(modes.STUDENT_EXAMPLES, modes.GRADING_EXAMPLES) <= stats.MAX_TESTS_PER_RUN
    )
    law_checks = {
        "linear_weights_are_xavier_uniform",
        "conv_weights_are_kaiming_normal_fan_out",
        "initialize_reaches_every_depth",
    }
    assert law_checks <= {c.name for c in checks_of(grader)}


def _z_scores(make, variance, law, runs=2000, n=400):
    g = torch.Generator().manual_seed(0)
    return torch.tensor([stats.variance_z(make(n, g), variance, law) for _ in range(runs)])


@pytest.mark.parametrize(
    "law, make, variance",
    [
        ("normal", lambda n, g: torch.randn(n, generator=g, dtype=torch.float64) * 0.3, 0.09),
        (
            "uniform",
            lambda n, g: (torch.rand(n, generator=g, dtype=torch.float64) * 2 - 1) * 0.5,
            0.25 / 3,
        ),
    ],
)
def test_z_scores_of_correct_draws_are_calibrated(law, make, variance):
    z = _z_scores(make, variance, law)
    beyond_2 = (z.abs() > 2).double().mean().item()
    assert 0.03 < beyond_2 < 0.065  # a standard normal is beyond 2 with probability 0.0455
    assert z.abs().max().item() < stats.Z


def test_kaiming_fan_in_is_rejected_where_fan_out_is_expected():
    conv = nn.Conv2d(2, 16, 3)
    w = torch.empty_like(conv.weight)
    with torch.random.fork_rng():
        torch.manual_seed(1)
        nn.init.kaiming_normal_(w, mode="fan_in", nonlinearity="relu")
    assert abs(stats.variance_z(w, 2 / (16 * 9), "normal")) > stats.Z


def test_a_normal_law_is_told_from_a_uniform_one_of_the_same_variance():
    w = torch.empty(20, 20)
    with torch.random.fork_rng():
        torch.manual_seed(2)
        nn.init.xavier_normal_(w)
    assert w.abs().max().item() > math.sqrt(6 / 40)  # outside xavier_uniform_'s support
